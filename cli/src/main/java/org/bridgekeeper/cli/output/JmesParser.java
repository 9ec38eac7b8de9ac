package org.bridgekeeper.cli.output;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.bridgekeeper.cli.output.JmesLexer.Token;
import org.bridgekeeper.cli.output.JmesLexer.Type;
import org.bridgekeeper.cli.output.JmesNode.*;

/**
 * Python jmespath 1.0.1's Pratt parser, decision for decision, so that the same expressions are
 * accepted (including its leniencies, such as {@code f(a b)} being a two-argument call) and the
 * same ones fail with the same message, column and token.
 */
final class JmesParser {
    private static final int PROJECTION_STOP = 10;

    /** A ParseError or IncompleteExpressionError, already rendered as Python's str(e). */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final String expression;
    private final List<Token> tokens;
    private int index;

    private JmesParser(String expression, List<Token> tokens) {
        this.expression = expression;
        this.tokens = tokens;
    }

    /** Throws {@link JmesLexer.Failure} or {@link Failure} with Python's message. */
    static JmesNode parse(String expression) {
        JmesParser parser = new JmesParser(expression, JmesLexer.tokenize(expression));
        JmesNode parsed = parser.expression(0);
        if (parser.currentType() != Type.EOF) {
            Token t = parser.lookahead(0);
            throw parser.parseError(t, "Unexpected token: " + t.text());
        }
        return parsed;
    }

    private JmesNode expression(int bindingPower) {
        Token leftToken = lookahead(0);
        advance();
        JmesNode left = nud(leftToken);
        Type current = currentType();
        while (bindingPower < current.bindingPower) {
            left = led(current, left);
            current = currentType();
        }
        return left;
    }

    private JmesNode nud(Token token) {
        return switch (token.type()) {
            case LITERAL -> new Literal((com.fasterxml.jackson.databind.JsonNode) token.value());
            case UNQUOTED_IDENTIFIER -> new Field((String) token.value());
            case QUOTED_IDENTIFIER -> {
                if (currentType() == Type.LPAREN) {
                    Token t = lookahead(0);
                    throw parseError(0, t, "Quoted identifier not allowed for function names.");
                }
                yield new Field((String) token.value());
            }
            case STAR -> {
                JmesNode right = currentType() == Type.RBRACKET
                        ? new Identity()
                        : projectionRhs(Type.STAR.bindingPower);
                yield new ValueProjection(new Identity(), right);
            }
            case FILTER -> ledFilter(new Identity());
            case LBRACE -> multiSelectHash();
            case LPAREN -> {
                JmesNode inner = expression(0);
                match(Type.RPAREN);
                yield inner;
            }
            case FLATTEN -> new Projection(new Flatten(new Identity()), projectionRhs(Type.FLATTEN.bindingPower));
            case NOT -> new Not(expression(Type.NOT.bindingPower));
            case LBRACKET -> {
                Type current = currentType();
                if (current == Type.NUMBER || current == Type.COLON) {
                    yield projectIfSlice(new Identity(), indexExpression());
                } else if (current == Type.STAR && lookaheadType(1) == Type.RBRACKET) {
                    advance();
                    advance();
                    yield new Projection(new Identity(), projectionRhs(Type.STAR.bindingPower));
                }
                yield multiSelectList();
            }
            case CURRENT -> new Current();
            case EXPREF -> new Expref(expression(Type.EXPREF.bindingPower));
            case EOF -> throw incomplete();
            default -> throw parseError(token, "invalid token");
        };
    }

    private JmesNode led(Type type, JmesNode left) {
        switch (type) {
            case DOT, PIPE, OR, AND, LPAREN, FILTER, EQ, NE, GT, GTE, LT, LTE, FLATTEN, LBRACKET -> advance();
            default -> throw parseError(lookahead(0), "invalid token");
        }
        return switch (type) {
            case DOT -> {
                if (currentType() != Type.STAR) {
                    JmesNode right = dotRhs(Type.DOT.bindingPower);
                    if (left instanceof Subexpression sub) {
                        sub.children().add(right);
                        yield left;
                    }
                    yield new Subexpression(new ArrayList<>(List.of(left, right)));
                }
                advance();
                yield new ValueProjection(left, projectionRhs(Type.DOT.bindingPower));
            }
            case PIPE -> new Pipe(left, expression(Type.PIPE.bindingPower));
            case OR -> new Or(left, expression(Type.OR.bindingPower));
            case AND -> new And(left, expression(Type.AND.bindingPower));
            case LPAREN -> function(left);
            case FILTER -> ledFilter(left);
            case EQ, NE, GT, GTE, LT, LTE -> new Comparator(type.pythonName, left, expression(type.bindingPower));
            case FLATTEN -> new Projection(new Flatten(left), projectionRhs(Type.FLATTEN.bindingPower));
            case LBRACKET -> {
                Type t = currentType();
                if (t == Type.NUMBER || t == Type.COLON) {
                    JmesNode right = indexExpression();
                    if (left instanceof IndexExpression chain) {
                        chain.children().add(right);
                        yield left;
                    }
                    yield projectIfSlice(left, right);
                }
                match(Type.STAR);
                match(Type.RBRACKET);
                yield new Projection(left, projectionRhs(Type.STAR.bindingPower));
            }
            default -> throw new IllegalStateException(type.name());
        };
    }

    private JmesNode function(JmesNode left) {
        if (!(left instanceof Field field)) {
            Token previous = tokens.get(index - 2);
            throw parseError(previous, "Invalid function name '" + previous.text() + "'");
        }
        List<JmesNode> args = new ArrayList<>();
        while (currentType() != Type.RPAREN) {
            JmesNode arg = expression(0);
            if (currentType() == Type.COMMA) {
                match(Type.COMMA);
            }
            args.add(arg);
        }
        match(Type.RPAREN);
        return new Function(field.name(), args);
    }

    private JmesNode ledFilter(JmesNode left) {
        JmesNode condition = expression(0);
        match(Type.RBRACKET);
        JmesNode right = currentType() == Type.FLATTEN
                ? new Identity()
                : projectionRhs(Type.FILTER.bindingPower);
        return new FilterProjection(left, right, condition);
    }

    private JmesNode indexExpression() {
        if (lookaheadType(0) == Type.COLON || lookaheadType(1) == Type.COLON) {
            return sliceExpression();
        }
        JmesNode node = new Index((BigInteger) lookahead(0).value());
        advance();
        match(Type.RBRACKET);
        return node;
    }

    private JmesNode sliceExpression() {
        BigInteger[] parts = new BigInteger[3];
        int part = 0;
        Type current = currentType();
        while (current != Type.RBRACKET && part < 3) {
            if (current == Type.COLON) {
                part++;
                if (part == 3) {
                    throw parseError(lookahead(0), "syntax error");
                }
                advance();
            } else if (current == Type.NUMBER) {
                parts[part] = (BigInteger) lookahead(0).value();
                advance();
            } else {
                throw parseError(lookahead(0), "syntax error");
            }
            current = currentType();
        }
        match(Type.RBRACKET);
        return new Slice(parts[0], parts[1], parts[2]);
    }

    private JmesNode projectIfSlice(JmesNode left, JmesNode right) {
        JmesNode indexExpression = new IndexExpression(new ArrayList<>(List.of(left, right)));
        if (right instanceof Slice) {
            return new Projection(indexExpression, projectionRhs(Type.STAR.bindingPower));
        }
        return indexExpression;
    }

    private JmesNode multiSelectList() {
        List<JmesNode> expressions = new ArrayList<>();
        while (true) {
            expressions.add(expression(0));
            if (currentType() == Type.RBRACKET) {
                break;
            }
            match(Type.COMMA);
        }
        match(Type.RBRACKET);
        return new MultiSelectList(expressions);
    }

    private JmesNode multiSelectHash() {
        List<KeyValue> pairs = new ArrayList<>();
        while (true) {
            Token keyToken = lookahead(0);
            Type t = currentType();
            if (t != Type.QUOTED_IDENTIFIER && t != Type.UNQUOTED_IDENTIFIER) {
                throw expecting("['quoted_identifier', 'unquoted_identifier']", lookahead(0));
            }
            advance();
            match(Type.COLON);
            pairs.add(new KeyValue((String) keyToken.value(), expression(0)));
            if (currentType() == Type.COMMA) {
                match(Type.COMMA);
            } else if (currentType() == Type.RBRACE) {
                match(Type.RBRACE);
                break;
            }
        }
        return new MultiSelectHash(pairs);
    }

    private JmesNode projectionRhs(int bindingPower) {
        Type current = currentType();
        if (current.bindingPower < PROJECTION_STOP) {
            return new Identity();
        }
        if (current == Type.LBRACKET || current == Type.FILTER) {
            return expression(bindingPower);
        }
        if (current == Type.DOT) {
            match(Type.DOT);
            return dotRhs(bindingPower);
        }
        throw parseError(lookahead(0), "syntax error");
    }

    private JmesNode dotRhs(int bindingPower) {
        Type current = currentType();
        if (current == Type.QUOTED_IDENTIFIER || current == Type.UNQUOTED_IDENTIFIER || current == Type.STAR) {
            return expression(bindingPower);
        }
        if (current == Type.LBRACKET) {
            match(Type.LBRACKET);
            return multiSelectList();
        }
        if (current == Type.LBRACE) {
            match(Type.LBRACE);
            return multiSelectHash();
        }
        Token t = lookahead(0);
        throw parseError(t, "Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: "
                + t.type().pythonName);
    }

    private void match(Type type) {
        if (currentType() == type) {
            advance();
        } else {
            throw expecting(type.pythonName, lookahead(0));
        }
    }

    private RuntimeException expecting(String expected, Token actual) {
        if (actual.type() == Type.EOF) {
            return incomplete();
        }
        return parseError(actual, "Expecting: " + expected + ", got: " + actual.type().pythonName);
    }

    private void advance() {
        index++;
    }

    private Type currentType() {
        return tokens.get(index).type();
    }

    private Type lookaheadType(int n) {
        return tokens.get(index + n).type();
    }

    private Token lookahead(int n) {
        return tokens.get(index + n);
    }

    private Failure incomplete() {
        int length = expression.codePointCount(0, expression.length());
        return new Failure("Invalid jmespath expression: Incomplete expression:\n\"" + expression + "\"\n"
                + " ".repeat(length + 1) + "^");
    }

    private Failure parseError(Token token, String message) {
        return parseError(token.start(), token, message);
    }

    private Failure parseError(int column, Token token, String message) {
        return new Failure(message + ": Parse error at column " + column + ", token \"" + token.text() + "\" ("
                + token.type().name() + "), for expression:\n\"" + expression + "\"\n" + " ".repeat(column + 1) + "^");
    }
}
