package org.bridgekeeper.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.bridgekeeper.cli.py.JsonDecodeError;
import org.bridgekeeper.cli.py.Py;

/**
 * Python jmespath 1.0.1's lexer. Positions count code points, as Python's do, because they place
 * the caret under a bad token in the AWS CLI's error message.
 */
final class JmesLexer {
    /** Token types, named as Python names them (they appear in error messages). */
    enum Type {
        EOF(0), UNQUOTED_IDENTIFIER(0), QUOTED_IDENTIFIER(0), LITERAL(0), RBRACKET(0), RPAREN(0),
        COMMA(0), RBRACE(0), NUMBER(0), CURRENT(0), EXPREF(0), COLON(0), PIPE(1), OR(2), AND(3),
        EQ(5), GT(5), LT(5), GTE(5), LTE(5), NE(5), FLATTEN(9), STAR(20), FILTER(21), DOT(40),
        NOT(45), LBRACE(50), LBRACKET(55), LPAREN(60);

        final int bindingPower;
        final String pythonName;

        Type(int bindingPower) {
            this.bindingPower = bindingPower;
            this.pythonName = name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One token. {@code value} is a String (identifiers, operators), a BigInteger (numbers) or a
     * JsonNode (literals); {@code text} is Python's {@code str(value)} for error messages.
     */
    record Token(Type type, Object value, String text, int start) {}

    /** A LexerError or EmptyExpressionError, already rendered as Python's str(e). */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final String expression;
    private final int[] chars;
    private int position;
    /** Python's lexer stops on the last character instead of stepping past it. */
    private boolean atEnd;

    private JmesLexer(String expression) {
        this.expression = expression;
        this.chars = Py.codePoints(expression);
    }

    static List<Token> tokenize(String expression) {
        if (expression.isEmpty()) {
            throw new Failure("Invalid JMESPath expression: cannot be empty.");
        }
        return new JmesLexer(expression).run();
    }

    private int current() {
        return atEnd ? -1 : chars[position];
    }

    private int next() {
        if (position == chars.length - 1) {
            atEnd = true;
        } else {
            position++;
        }
        return current();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (current() != -1) {
            int c = current();
            int start = position;
            Type simple = simpleToken(c);
            if (simple != null) {
                tokens.add(new Token(simple, new String(Character.toChars(c)), new String(Character.toChars(c)), start));
                next();
            } else if (isStartIdentifier(c)) {
                StringBuilder buff = new StringBuilder().appendCodePoint(c);
                while (isIdentifierChar(next())) {
                    buff.appendCodePoint(current());
                }
                String name = buff.toString();
                tokens.add(new Token(Type.UNQUOTED_IDENTIFIER, name, name, start));
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                next();
            } else if (c == '[') {
                int n = next();
                if (n == ']') {
                    next();
                    tokens.add(new Token(Type.FLATTEN, "[]", "[]", start));
                } else if (n == '?') {
                    next();
                    tokens.add(new Token(Type.FILTER, "[?", "[?", start));
                } else {
                    tokens.add(new Token(Type.LBRACKET, "[", "[", start));
                }
            } else if (c == '\'') {
                String raw = consumeUntil('\'').replace("\\'", "'");
                tokens.add(new Token(Type.LITERAL, TextNode.valueOf(raw), raw, start));
            } else if (c == '|') {
                tokens.add(matchOrElse('|', Type.OR, Type.PIPE));
            } else if (c == '&') {
                tokens.add(matchOrElse('&', Type.AND, Type.EXPREF));
            } else if (c == '`') {
                tokens.add(literal());
            } else if (c >= '0' && c <= '9') {
                String digits = consumeNumber();
                BigInteger value = new BigInteger(digits);
                tokens.add(new Token(Type.NUMBER, value, value.toString(), start));
            } else if (c == '-') {
                String digits = consumeNumber();
                if (digits.length() == 1) {
                    throw lexerError(start, "Unknown token '-'");
                }
                BigInteger value = new BigInteger(digits);
                tokens.add(new Token(Type.NUMBER, value, value.toString(), start));
            } else if (c == '"') {
                tokens.add(quotedIdentifier());
            } else if (c == '<') {
                tokens.add(matchOrElse('=', Type.LTE, Type.LT));
            } else if (c == '>') {
                tokens.add(matchOrElse('=', Type.GTE, Type.GT));
            } else if (c == '!') {
                tokens.add(matchOrElse('=', Type.NE, Type.NOT));
            } else if (c == '=') {
                if (next() == '=') {
                    tokens.add(new Token(Type.EQ, "==", "==", position - 1));
                    next();
                } else {
                    // At the end Python never advanced, so it does not step back either.
                    int at = current() == -1 ? position : position - 1;
                    throw lexerError(at, "Unknown token '='");
                }
            } else {
                throw lexerError(position, "Unknown token " + new String(Character.toChars(c)));
            }
        }
        tokens.add(new Token(Type.EOF, "", "", chars.length));
        return tokens;
    }

    private static Type simpleToken(int c) {
        return switch (c) {
            case '.' -> Type.DOT;
            case '*' -> Type.STAR;
            case ']' -> Type.RBRACKET;
            case ',' -> Type.COMMA;
            case ':' -> Type.COLON;
            case '@' -> Type.CURRENT;
            case '(' -> Type.LPAREN;
            case ')' -> Type.RPAREN;
            case '{' -> Type.LBRACE;
            case '}' -> Type.RBRACE;
            default -> null;
        };
    }

    private static boolean isStartIdentifier(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentifierChar(int c) {
        return isStartIdentifier(c) || (c >= '0' && c <= '9');
    }

    private String consumeNumber() {
        StringBuilder buff = new StringBuilder().appendCodePoint(current());
        while (true) {
            int c = next();
            if (c < '0' || c > '9') {
                return buff.toString();
            }
            buff.append((char) c);
        }
    }

    private Token matchOrElse(char expected, Type match, Type orElse) {
        int start = position;
        int c = current();
        if (next() == expected) {
            next();
            String value = new String(Character.toChars(c)) + expected;
            return new Token(match, value, value, start);
        }
        String value = new String(Character.toChars(c));
        return new Token(orElse, value, value, start);
    }

    /** Up to the unescaped delimiter; a backslash keeps itself and the character after it. */
    private String consumeUntil(int delimiter) {
        int start = position;
        StringBuilder buff = new StringBuilder();
        next();
        while (current() != delimiter) {
            if (current() == '\\') {
                buff.append('\\');
                next();
            }
            if (current() == -1) {
                throw lexerError(start, "Unclosed " + new String(Character.toChars(delimiter)) + " delimiter");
            }
            buff.appendCodePoint(current());
            next();
        }
        next();
        return buff.toString();
    }

    private Token literal() {
        int start = position;
        String lexeme = consumeUntil('`').replace("\\`", "`");
        JsonNode value;
        try {
            value = Py.loads(lexeme);
        } catch (JsonDecodeError notJson) {
            // JEP-12's deprecated form: `foo` is the string "foo".
            try {
                value = Py.loads("\"" + lexeme.stripLeading() + "\"");
            } catch (JsonDecodeError stillNot) {
                throw lexerError(start, "Bad token " + lexeme);
            }
        }
        return new Token(Type.LITERAL, value, Py.str(value), start);
    }

    private Token quotedIdentifier() {
        int start = position;
        String lexeme = "\"" + consumeUntil('"') + "\"";
        try {
            String name = Py.loads(lexeme).textValue();
            return new Token(Type.QUOTED_IDENTIFIER, name, name, start);
        } catch (JsonDecodeError e) {
            // jmespath keeps str(e).split(':')[0].
            throw lexerError(start, e.getMessage().substring(0, e.getMessage().indexOf(':')));
        }
    }

    private Failure lexerError(int at, String message) {
        return new Failure("Bad jmespath expression: " + message + ":\n" + expression + "\n" + " ".repeat(at) + "^");
    }
}
