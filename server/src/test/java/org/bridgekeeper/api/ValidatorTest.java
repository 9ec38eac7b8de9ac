package org.bridgekeeper.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bridgekeeper.error.AwsException.SerializationException;
import org.bridgekeeper.error.AwsException.ValidationException;
import org.bridgekeeper.model.ServiceModel;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The validator against the messages AWS returned, as recorded in
 * {@code shared/reference/eventbridge-api.md} section 8 and {@code peers.md} sections 3 and 5.
 * Where the reference records no AWS text (nested paths, sensitive values, serialization errors),
 * the tests pin the format the validator documents and the rule that secrets are never echoed.
 */
class ValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Validator VALIDATOR = new Validator(ServiceModel.events());

    // The model's patterns as AWS prints them (JSON-unescaped).
    private static final String NAME_PATTERN = "[\\.\\-_A-Za-z0-9]+";
    private static final String CONNECTION_ARN_PATTERN =
            "^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:connection\\/[\\.\\-_A-Za-z0-9]+\\/[\\-A-Za-z0-9]+$";
    private static final String ENDPOINT_PATTERN = "^((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@\\x26=+$,A-Za-z0-9])+)([).!';/?:,])?$";
    private static final String AUTH_HEADER_PATTERN = "^[ \\t]*[^\\x00-\\x1F:\\x7F]+([ \\t]+[^\\x00-\\x1F:\\x7F]+)*[ \\t]*$";
    private static final String HEADER_KEY_PATTERN = "^[!#$%&'*+-.^_`|~0-9a-zA-Z]+$";
    private static final String HEADER_VALUE_PATTERN = "^[ \\t]*[\\x20-\\x7E]+([ \\t]+[\\x20-\\x7E]+)*[ \\t]*$";
    private static final String AUTH_TYPES = "[BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]";
    private static final String API_METHODS = "[HEAD, POST, PATCH, DELETE, PUT, GET, OPTIONS]";

    private static final String VALID_ARN =
            "arn:aws:events:us-east-1:123456789012:connection/my-connection/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("bad test JSON: " + text, e);
        }
    }

    /** The message of the ValidationException that {@code body} must raise. */
    private static String violations(String shape, JsonNode body) {
        return assertThrows(ValidationException.class, () -> VALIDATOR.validate(body, shape)).getMessage();
    }

    private static String violations(String shape, String body) {
        return violations(shape, json(body));
    }

    private static String serializationError(String shape, String body) {
        return assertThrows(SerializationException.class, () -> VALIDATOR.validate(json(body), shape)).getMessage();
    }

    private static void valid(String shape, String body) {
        assertDoesNotThrow(() -> VALIDATOR.validate(json(body), shape));
    }

    /** A CreateConnectionRequest with a basic auth block of the given JSON. */
    private static String basicConnection(String name, String basicAuth) {
        return """
                {"Name": %s, "AuthorizationType": "BASIC", "AuthParameters": {"BasicAuthParameters": %s}}"""
                .formatted(JSON.valueToTree(name).toString(), basicAuth);
    }

    /** A valid API_KEY CreateConnectionRequest whose invocation header parameters are {@code headers}. */
    private static ObjectNode apiKeyConnectionWithHeaders(ArrayNode headers) {
        ObjectNode body = (ObjectNode) json("""
                {"Name": "conn", "AuthorizationType": "API_KEY",
                 "AuthParameters": {"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key", "ApiKeyValue": "k"},
                                    "InvocationHttpParameters": {}}}""");
        ((ObjectNode) body.path("AuthParameters").path("InvocationHttpParameters")).set("HeaderParameters", headers);
        return body;
    }

    @Nested
    class RecordedFromAws {

        @Test
        void connectionNameWithSpaces() {
            assertEquals("1 validation error detected: Value 'Invalid Name With Spaces!' at 'name' failed to satisfy "
                            + "constraint: Member must satisfy regular expression pattern: " + NAME_PATTERN,
                    violations("CreateConnectionRequest",
                            basicConnection("Invalid Name With Spaces!", "{\"Username\": \"u\", \"Password\": \"p\"}")));
        }

        @Test
        void threeErrorsInOrderNamePatternNameLengthTypeEnum() {
            String name = "This should fail with two errors 123467890123412341234123412341234";
            String body = """
                    {"Name": "%s", "AuthorizationType": "INVALID", "AuthParameters": {}}""".formatted(name);
            assertEquals("3 validation errors detected: "
                            + "Value '" + name + "' at 'name' failed to satisfy constraint: Member must satisfy regular "
                            + "expression pattern: " + NAME_PATTERN + "; "
                            + "Value '" + name + "' at 'name' failed to satisfy constraint: Member must have length less "
                            + "than or equal to 64; "
                            + "Value 'INVALID' at 'authorizationType' failed to satisfy constraint: Member must satisfy "
                            + "enum value set: " + AUTH_TYPES,
                    violations("CreateConnectionRequest", body));
        }

        @Test
        void invalidAuthorizationTypeWithEmptyAuthParametersIsTheOnlyError() {
            assertEquals("1 validation error detected: Value 'INVALID_AUTH_TYPE' at 'authorizationType' failed to "
                            + "satisfy constraint: Member must satisfy enum value set: " + AUTH_TYPES,
                    violations("CreateConnectionRequest", """
                            {"Name": "valid-name", "AuthorizationType": "INVALID_AUTH_TYPE", "AuthParameters": {}}"""));
        }

        @Test
        void apiDestinationInvalidParametersGiveExactlyTwoErrors() {
            // 'invalid-endpoint' satisfies the HttpsEndpoint pattern: only the ARN and the method fail.
            assertEquals("2 validation errors detected: "
                            + "Value 'invalid-connection-arn' at 'connectionArn' failed to satisfy constraint: Member "
                            + "must satisfy regular expression pattern: " + CONNECTION_ARN_PATTERN + "; "
                            + "Value 'INVALID_METHOD' at 'httpMethod' failed to satisfy constraint: Member must satisfy "
                            + "enum value set: " + API_METHODS,
                    violations("CreateApiDestinationRequest", """
                            {"Name": "dest", "ConnectionArn": "invalid-connection-arn",
                             "HttpMethod": "INVALID_METHOD", "InvocationEndpoint": "invalid-endpoint"}"""));
        }

        @Test
        void apiDestinationNameWithSpaces() {
            assertEquals("1 validation error detected: Value 'Invalid Name With Spaces!' at 'name' failed to satisfy "
                            + "constraint: Member must satisfy regular expression pattern: " + NAME_PATTERN,
                    violations("CreateApiDestinationRequest", """
                            {"Name": "Invalid Name With Spaces!", "ConnectionArn": "%s",
                             "HttpMethod": "POST", "InvocationEndpoint": "https://example.com/api"}""".formatted(VALID_ARN)));
        }

        @Test
        void httpMethodIsCaseSensitive() {
            assertEquals("1 validation error detected: Value 'post' at 'httpMethod' failed to satisfy constraint: "
                            + "Member must satisfy enum value set: " + API_METHODS,
                    violations("CreateApiDestinationRequest", """
                            {"Name": "dest", "ConnectionArn": "%s", "HttpMethod": "post",
                             "InvocationEndpoint": "https://example.com/api"}""".formatted(VALID_ARN)));
        }

        @Test
        void emptyInvocationEndpointFailsPatternThenLength() {
            assertEquals("2 validation errors detected: "
                            + "Value '' at 'invocationEndpoint' failed to satisfy constraint: Member must satisfy regular "
                            + "expression pattern: " + ENDPOINT_PATTERN + "; "
                            + "Value '' at 'invocationEndpoint' failed to satisfy constraint: Member must have length "
                            + "greater than or equal to 1",
                    violations("CreateApiDestinationRequest", """
                            {"Name": "dest", "ConnectionArn": "%s", "HttpMethod": "POST",
                             "InvocationEndpoint": ""}""".formatted(VALID_ARN)));
        }

        @Test
        void invocationEndpointWithSpaceFailsThePatternPrintedWithLiteralX26() {
            String message = violations("CreateApiDestinationRequest", """
                    {"Name": "dest", "ConnectionArn": "%s", "HttpMethod": "POST",
                     "InvocationEndpoint": "https://example.com/a b"}""".formatted(VALID_ARN));
            assertEquals("1 validation error detected: Value 'https://example.com/a b' at 'invocationEndpoint' failed "
                    + "to satisfy constraint: Member must satisfy regular expression pattern: " + ENDPOINT_PATTERN, message);
            assertTrue(message.contains("@\\x26="), message);
        }

        @Test
        void endpointsThatAwsAcceptsPassThePattern() {
            for (String endpoint : new String[] {"receiver.invalid/events", "https://127.0.0.1/hook",
                    "https://localhost/hook", "https://example.com/path?a=1&b=%20", "https://example.com/*/items"}) {
                valid("CreateApiDestinationRequest", """
                        {"Name": "dest", "ConnectionArn": "%s", "HttpMethod": "POST",
                         "InvocationEndpoint": "%s"}""".formatted(VALID_ARN, endpoint));
            }
        }

        @Test
        void invocationRateLimitBelowOne() {
            for (int rate : new int[] {0, -1}) {
                assertEquals("1 validation error detected: Value '" + rate + "' at 'invocationRateLimitPerSecond' "
                                + "failed to satisfy constraint: Member must have value greater than or equal to 1",
                        violations("CreateApiDestinationRequest", """
                                {"Name": "dest", "ConnectionArn": "%s", "HttpMethod": "POST",
                                 "InvocationEndpoint": "https://example.com/api",
                                 "InvocationRateLimitPerSecond": %d}""".formatted(VALID_ARN, rate)));
            }
        }

        @Test
        void rateAboveThreeHundredIsNotAValidationError() {
            // AWS answers 301 with a LimitExceededException from the service, not a model constraint.
            valid("CreateApiDestinationRequest", """
                    {"Name": "dest", "ConnectionArn": "%s", "HttpMethod": "POST",
                     "InvocationEndpoint": "https://example.com/api", "InvocationRateLimitPerSecond": 301}"""
                    .formatted(VALID_ARN));
        }

        @Test
        void malformedConnectionArn() {
            assertEquals("1 validation error detected: Value 'not-an-arn' at 'connectionArn' failed to satisfy "
                            + "constraint: Member must satisfy regular expression pattern: " + CONNECTION_ARN_PATTERN,
                    violations("CreateApiDestinationRequest", """
                            {"Name": "dest", "ConnectionArn": "not-an-arn", "HttpMethod": "GET",
                             "InvocationEndpoint": "https://example.com/api"}"""));
        }

        @Test
        void listLimitOutOfRange() {
            assertEquals("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must "
                    + "have value greater than or equal to 1", violations("ListApiDestinationsRequest", "{\"Limit\": 0}"));
            assertEquals("1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must "
                    + "have value less than or equal to 100", violations("ListApiDestinationsRequest", "{\"Limit\": 101}"));
            assertEquals("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must "
                    + "have value greater than or equal to 1", violations("ListConnectionsRequest", "{\"Limit\": 0}"));
        }

        @Test
        void listLimitBoundsAreInclusive() {
            valid("ListApiDestinationsRequest", "{\"Limit\": 1}");
            valid("ListApiDestinationsRequest", "{\"Limit\": 100}");
            valid("ListConnectionsRequest", "{\"Limit\": 100}");
        }

        /*
         * Recorded from AWS (peers.md section 3) although the public model states no pattern for
         * NextToken: tools/compact-model.py adds it as an override.
         */
        @Test
        void nextTokenMustSatisfyAwsBase64Pattern() {
            assertEquals("1 validation error detected: Value 'invalid' at 'nextToken' failed to satisfy constraint: "
                            + "Member must satisfy regular expression pattern: "
                            + "^(?:[A-Za-z0-9+\\/]{4})*(?:[A-Za-z0-9+\\/]{4}|[A-Za-z0-9+\\/]{3}=|[A-Za-z0-9+\\/]{2}={2})$",
                    violations("ListApiDestinationsRequest", "{\"NextToken\": \"invalid\"}"));
        }
    }

    @Nested
    class RequiredMembers {

        @Test
        void missingName() {
            assertEquals("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must "
                            + "not be null",
                    violations("CreateConnectionRequest", """
                            {"AuthorizationType": "BASIC",
                             "AuthParameters": {"BasicAuthParameters": {"Username": "u", "Password": "p"}}}"""));
        }

        @Test
        void explicitJsonNullIsMissing() {
            assertEquals("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must "
                            + "not be null",
                    violations("CreateConnectionRequest", """
                            {"Name": null, "AuthorizationType": "BASIC",
                             "AuthParameters": {"BasicAuthParameters": {"Username": "u", "Password": "p"}}}"""));
        }

        @Test
        void everyMissingMemberInMemberOrder() {
            assertEquals("3 validation errors detected: "
                            + "Value null at 'name' failed to satisfy constraint: Member must not be null; "
                            + "Value null at 'authorizationType' failed to satisfy constraint: Member must not be null; "
                            + "Value null at 'authParameters' failed to satisfy constraint: Member must not be null",
                    violations("CreateConnectionRequest", "{}"));
        }

        @Test
        void optionalMembersMayBeAbsent() {
            valid("ListConnectionsRequest", "{}");
            valid("UpdateConnectionRequest", "{\"Name\": \"conn\"}");
        }

        @Test
        void updateVariantsRequireNothingBelowTheTop() {
            valid("UpdateConnectionRequest", """
                    {"Name": "conn", "AuthorizationType": "BASIC",
                     "AuthParameters": {"BasicAuthParameters": {"Password": "new"}}}""");
        }

        @Test
        void missingNestedMemberHasTheFullPath() {
            assertEquals("1 validation error detected: Value null at 'authParameters.basicAuthParameters.password' "
                            + "failed to satisfy constraint: Member must not be null",
                    violations("CreateConnectionRequest", basicConnection("conn", "{\"Username\": \"u\"}")));
        }

        @Test
        void missingMembersTwoLevelsDown() {
            assertEquals("2 validation errors detected: "
                            + "Value null at 'authParameters.oAuthParameters.clientParameters.clientSecret' failed to "
                            + "satisfy constraint: Member must not be null; "
                            + "Value null at 'authParameters.oAuthParameters.httpMethod' failed to satisfy constraint: "
                            + "Member must not be null",
                    violations("CreateConnectionRequest", """
                            {"Name": "conn", "AuthorizationType": "OAUTH_CLIENT_CREDENTIALS",
                             "AuthParameters": {"OAuthParameters": {"ClientParameters": {"ClientID": "id"},
                                                "AuthorizationEndpoint": "https://example.com/token"}}}"""));
        }
    }

    @Nested
    class NestedPaths {

        @Test
        void emptyUsernameFailsPatternThenLengthAtItsNestedPath() {
            assertEquals("2 validation errors detected: "
                            + "Value '' at 'authParameters.basicAuthParameters.username' failed to satisfy constraint: "
                            + "Member must satisfy regular expression pattern: " + AUTH_HEADER_PATTERN + "; "
                            + "Value '' at 'authParameters.basicAuthParameters.username' failed to satisfy constraint: "
                            + "Member must have length greater than or equal to 1",
                    violations("CreateConnectionRequest",
                            basicConnection("conn", "{\"Username\": \"\", \"Password\": \"p\"}")));
        }

        @Test
        void usernameWithColonIsShownBecauseItIsNotSensitive() {
            assertEquals("1 validation error detected: Value 'user:name' at 'authParameters.basicAuthParameters.username' "
                            + "failed to satisfy constraint: Member must satisfy regular expression pattern: "
                            + AUTH_HEADER_PATTERN,
                    violations("CreateConnectionRequest",
                            basicConnection("conn", "{\"Username\": \"user:name\", \"Password\": \"p\"}")));
        }

        @Test
        void listElementsAreNumberedFromOne() {
            ArrayNode headers = JSON.createArrayNode();
            headers.addObject().put("Key", "bad key").put("Value", "v");
            headers.addObject().put("Key", "ok").put("Value", "v");
            headers.addObject().put("Key", "bad(key)").put("Value", "v");
            assertEquals("2 validation errors detected: "
                            + "Value 'bad key' at 'authParameters.invocationHttpParameters.headerParameters.1.member.key' "
                            + "failed to satisfy constraint: Member must satisfy regular expression pattern: "
                            + HEADER_KEY_PATTERN + "; "
                            + "Value 'bad(key)' at 'authParameters.invocationHttpParameters.headerParameters.3.member.key' "
                            + "failed to satisfy constraint: Member must satisfy regular expression pattern: "
                            + HEADER_KEY_PATTERN,
                    violations("CreateConnectionRequest", apiKeyConnectionWithHeaders(headers)));
        }

        @Test
        void nullListElementIsReportedAtItsIndex() {
            ArrayNode headers = JSON.createArrayNode();
            headers.addObject().put("Key", "ok").put("Value", "v");
            headers.addNull();
            assertEquals("1 validation error detected: Value null at "
                            + "'authParameters.invocationHttpParameters.headerParameters.2.member' failed to satisfy "
                            + "constraint: Member must not be null",
                    violations("CreateConnectionRequest", apiKeyConnectionWithHeaders(headers)));
        }

        @Test
        void oauthHttpParametersPath() {
            String message = violations("CreateConnectionRequest", """
                    {"Name": "conn", "AuthorizationType": "OAUTH_CLIENT_CREDENTIALS",
                     "AuthParameters": {"OAuthParameters": {
                        "ClientParameters": {"ClientID": "id", "ClientSecret": "s"},
                        "AuthorizationEndpoint": "https://example.com/token", "HttpMethod": "POST",
                        "OAuthHttpParameters": {"QueryStringParameters": [{"Key": "a\\u0001b", "Value": "v"}]}}}}""");
            assertEquals("1 validation error detected: Value 'a\u0001b' at "
                    + "'authParameters.oAuthParameters.oAuthHttpParameters.queryStringParameters.1.member.key' failed to "
                    + "satisfy constraint: Member must satisfy regular expression pattern: [^\\x00-\\x1F\\x7F]+", message);
        }

        @Test
        void errorsAreListedTopLevelFirstThenNestedInMemberOrder() {
            String message = violations("CreateConnectionRequest",
                    basicConnection("bad name", "{\"Username\": \"a:b\", \"Password\": \"p\"}"));
            assertTrue(message.startsWith("2 validation errors detected: Value 'bad name' at 'name' "), message);
            assertTrue(message.contains("; Value 'a:b' at 'authParameters.basicAuthParameters.username' "), message);
        }
    }

    @Nested
    class SensitiveValues {

        private static final String SECRET = "s3cr3t-MARKER";

        @Test
        void passwordIsNeverEchoed() {
            String message = violations("CreateConnectionRequest",
                    basicConnection("conn", "{\"Username\": \"u\", \"Password\": \"" + SECRET + ":x\"}"));
            assertEquals("1 validation error detected: Value at 'authParameters.basicAuthParameters.password' failed "
                    + "to satisfy constraint: Member must satisfy regular expression pattern: " + AUTH_HEADER_PATTERN,
                    message);
            assertFalse(message.contains(SECRET), message);
        }

        @Test
        void apiKeyValueIsNeverEchoedInALengthError() {
            String value = SECRET + "x".repeat(600);
            String message = violations("CreateConnectionRequest", """
                    {"Name": "conn", "AuthorizationType": "API_KEY",
                     "AuthParameters": {"ApiKeyAuthParameters": {"ApiKeyName": "k", "ApiKeyValue": "%s"}}}"""
                    .formatted(value));
            assertEquals("1 validation error detected: Value at 'authParameters.apiKeyAuthParameters.apiKeyValue' "
                    + "failed to satisfy constraint: Member must have length less than or equal to 512", message);
            assertFalse(message.contains(SECRET), message);
        }

        @Test
        void emptyClientSecretIsNeverEchoed() {
            String message = violations("CreateConnectionRequest", """
                    {"Name": "conn", "AuthorizationType": "OAUTH_CLIENT_CREDENTIALS",
                     "AuthParameters": {"OAuthParameters": {"ClientParameters": {"ClientID": "id", "ClientSecret": ""},
                        "AuthorizationEndpoint": "https://example.com/token", "HttpMethod": "POST"}}}""");
            assertEquals("2 validation errors detected: "
                    + "Value at 'authParameters.oAuthParameters.clientParameters.clientSecret' failed to satisfy "
                    + "constraint: Member must satisfy regular expression pattern: " + AUTH_HEADER_PATTERN + "; "
                    + "Value at 'authParameters.oAuthParameters.clientParameters.clientSecret' failed to satisfy "
                    + "constraint: Member must have length greater than or equal to 1", message);
            assertFalse(message.contains("Value ''"), message);
        }

        @Test
        void headerValueIsNeverEchoed() {
            ArrayNode headers = JSON.createArrayNode();
            headers.addObject().put("Key", "Authorization").put("Value", SECRET + "\u0007").put("IsValueSecret", true);
            String message = violations("CreateConnectionRequest", apiKeyConnectionWithHeaders(headers));
            assertEquals("1 validation error detected: Value at "
                    + "'authParameters.invocationHttpParameters.headerParameters.1.member.value' failed to satisfy "
                    + "constraint: Member must satisfy regular expression pattern: " + HEADER_VALUE_PATTERN, message);
            assertFalse(message.contains(SECRET), message);
        }

        @Test
        void queryStringValueIsNeverEchoed() {
            String message = violations("CreateConnectionRequest", """
                    {"Name": "conn", "AuthorizationType": "API_KEY",
                     "AuthParameters": {"ApiKeyAuthParameters": {"ApiKeyName": "k", "ApiKeyValue": "v"},
                        "InvocationHttpParameters": {"QueryStringParameters": [{"Key": "q", "Value": "%s\\u0001"}]}}}"""
                    .formatted(SECRET));
            assertTrue(message.startsWith("1 validation error detected: Value at "
                    + "'authParameters.invocationHttpParameters.queryStringParameters.1.member.value' failed to satisfy "
                    + "constraint: "), message);
            assertFalse(message.contains(SECRET), message);
        }

        @Test
        void listOverOneHundredItemsIsReportedWithoutItsValues() {
            ArrayNode headers = JSON.createArrayNode();
            for (int i = 0; i < 101; i++) {
                headers.addObject().put("Key", "h" + i).put("Value", SECRET + i).put("IsValueSecret", true);
            }
            String message = violations("CreateConnectionRequest", apiKeyConnectionWithHeaders(headers));
            assertTrue(message.startsWith("1 validation error detected: "), message);
            assertTrue(message.endsWith("at 'authParameters.invocationHttpParameters.headerParameters' failed to "
                    + "satisfy constraint: Member must have length less than or equal to 100"), message);
            assertFalse(message.contains(SECRET), message);
        }

        @Test
        void oneHundredItemsAreAllowed() {
            ArrayNode headers = JSON.createArrayNode();
            for (int i = 0; i < 100; i++) {
                headers.addObject().put("Key", "h" + i).put("Value", "v" + i);
            }
            assertDoesNotThrow(() -> VALIDATOR.validate(apiKeyConnectionWithHeaders(headers), "CreateConnectionRequest"));
        }
    }

    @Nested
    class Serialization {

        @Test
        void stringWhereIntegerExpected() {
            assertEquals("STRING_VALUE can not be converted to an Integer",
                    serializationError("ListConnectionsRequest", "{\"Limit\": \"10\"}"));
        }

        @Test
        void objectWhereStringExpected() {
            assertEquals("Start of structure or map found where not expected.",
                    serializationError("CreateConnectionRequest", """
                            {"Name": {"x": 1}, "AuthorizationType": "BASIC",
                             "AuthParameters": {"BasicAuthParameters": {"Username": "u", "Password": "p"}}}"""));
        }

        @Test
        void arrayWhereStructureExpected() {
            assertEquals("Start of list found where not expected",
                    serializationError("CreateConnectionRequest", """
                            {"Name": "conn", "AuthorizationType": "BASIC", "AuthParameters": []}"""));
        }

        @Test
        void numberWhereStringExpected() {
            assertEquals("NUMBER_VALUE can not be converted to a String",
                    serializationError("CreateConnectionRequest", basicConnection("conn",
                            "{\"Username\": 1, \"Password\": \"p\"}")));
        }

        @Test
        void stringWhereBooleanExpected() {
            assertEquals("STRING_VALUE can not be converted to a Boolean",
                    serializationError("CreateConnectionRequest", """
                            {"Name": "conn", "AuthorizationType": "API_KEY",
                             "AuthParameters": {"ApiKeyAuthParameters": {"ApiKeyName": "k", "ApiKeyValue": "v"},
                                "InvocationHttpParameters": {"HeaderParameters": [
                                    {"Key": "k", "Value": "v", "IsValueSecret": "true"}]}}}"""));
        }

        @Test
        void booleanWhereStringExpected() {
            assertEquals("BOOLEAN_VALUE can not be converted to a String",
                    serializationError("CreateConnectionRequest", """
                            {"Name": true, "AuthorizationType": "BASIC",
                             "AuthParameters": {"BasicAuthParameters": {"Username": "u", "Password": "p"}}}"""));
        }

        @Test
        void objectWhereListExpected() {
            assertEquals("Start of structure or map found where not expected.",
                    serializationError("CreateConnectionRequest", """
                            {"Name": "conn", "AuthorizationType": "API_KEY",
                             "AuthParameters": {"ApiKeyAuthParameters": {"ApiKeyName": "k", "ApiKeyValue": "v"},
                                "InvocationHttpParameters": {"HeaderParameters": {"Key": "k"}}}}"""));
        }

        @Test
        void wrongTypeWinsOverConstraintViolations() {
            // AWS fails while deserializing, before it validates anything.
            assertThrows(SerializationException.class, () -> VALIDATOR.validate(json("""
                    {"Name": "bad name!", "AuthorizationType": "NOPE", "AuthParameters": {}, "KmsKeyIdentifier": 7}"""),
                    "CreateConnectionRequest"));
        }

        @Test
        void wrongTypeOfASecretDoesNotEchoIt() {
            String message = serializationError("CreateConnectionRequest",
                    basicConnection("conn", "{\"Username\": \"u\", \"Password\": 987654321}"));
            assertFalse(message.contains("987654321"), message);
        }
    }

    @Nested
    class Accepted {

        @Test
        void unknownMembersAreIgnored() {
            valid("CreateConnectionRequest", """
                    {"Name": "conn", "AuthorizationType": "BASIC", "Bogus": [1, {"x": null}],
                     "AuthParameters": {"BasicAuthParameters": {"Username": "u", "Password": "p", "Extra": {}},
                                        "Unknown": "x"}}""");
            valid("ListApiDestinationsRequest", "{\"Limit\": 5, \"Unknown\": {\"Limit\": \"x\"}}");
        }

        @Test
        void fullOAuthRequest() {
            valid("CreateConnectionRequest", """
                    {"Name": "my.oauth-connection_1", "Description": "Calls the partner API",
                     "AuthorizationType": "OAUTH_CLIENT_CREDENTIALS",
                     "KmsKeyIdentifier": "alias/bridgekeeper",
                     "AuthParameters": {
                       "OAuthParameters": {
                         "ClientParameters": {"ClientID": "client id", "ClientSecret": " s3cret value "},
                         "AuthorizationEndpoint": "https://auth.example.com/oauth2/token?audience=api",
                         "HttpMethod": "POST",
                         "OAuthHttpParameters": {
                           "HeaderParameters": [{"Key": "X-Tenant", "Value": "acme", "IsValueSecret": false}],
                           "QueryStringParameters": [{"Key": "scope", "Value": "read write", "IsValueSecret": false}],
                           "BodyParameters": [{"Key": "grant_type", "Value": "client_credentials", "IsValueSecret": false}]
                         }
                       },
                       "InvocationHttpParameters": {
                         "HeaderParameters": [{"Key": "X-Api-Version", "Value": "2", "IsValueSecret": true}],
                         "QueryStringParameters": [],
                         "BodyParameters": [{"Key": "source", "Value": "bridgekeeper"}]
                       }
                     }}""");
        }

        @Test
        void validApiDestination() {
            valid("CreateApiDestinationRequest", """
                    {"Name": "dest", "Description": "d", "ConnectionArn": "%s", "HttpMethod": "DELETE",
                     "InvocationEndpoint": "https://example.com/api", "InvocationRateLimitPerSecond": 300}"""
                    .formatted(VALID_ARN));
        }

        @Test
        void maximumLengthNameIsAccepted() {
            valid("CreateConnectionRequest", basicConnection("n".repeat(64), "{\"Username\": \"u\", \"Password\": \"p\"}"));
            String message = violations("CreateConnectionRequest",
                    basicConnection("n".repeat(65), "{\"Username\": \"u\", \"Password\": \"p\"}"));
            assertEquals("1 validation error detected: Value '" + "n".repeat(65) + "' at 'name' failed to satisfy "
                    + "constraint: Member must have length less than or equal to 64", message);
        }

        @Test
        void operationWithoutInputShapeAcceptsAnything() {
            assertDoesNotThrow(() -> VALIDATOR.validate(json("{\"anything\": 1}"), null));
        }
    }
}
