package org.bridgekeeper.error;

import java.util.List;
import org.bridgekeeper.error.AwsException.AccessDeniedException;
import org.bridgekeeper.error.AwsException.AlreadyExistsException;
import org.bridgekeeper.error.AwsException.ConcurrentModificationException;
import org.bridgekeeper.error.AwsException.InternalException;
import org.bridgekeeper.error.AwsException.InvalidAliasNameException;
import org.bridgekeeper.error.AwsException.KMSInvalidStateException;
import org.bridgekeeper.error.AwsException.LimitExceededException;
import org.bridgekeeper.error.AwsException.NotFoundException;
import org.bridgekeeper.error.AwsException.PolicyLengthExceededException;
import org.bridgekeeper.error.AwsException.RequestEntityTooLargeException;
import org.bridgekeeper.error.AwsException.ResourceAlreadyExistsException;
import org.bridgekeeper.error.AwsException.ResourceNotFoundException;
import org.bridgekeeper.error.AwsException.SerializationException;
import org.bridgekeeper.error.AwsException.UnknownOperationException;
import org.bridgekeeper.error.AwsException.ValidationException;
import org.bridgekeeper.error.AwsException.HostNotAllowedException;
import org.bridgekeeper.error.AwsException.IncompleteSignatureException;
import org.bridgekeeper.error.AwsException.InvalidSignatureException;
import org.bridgekeeper.error.AwsException.MissingAuthenticationTokenException;
import org.bridgekeeper.error.AwsException.UnrecognizedClientException;

/**
 * AWS's message texts, in one place. Texts recorded from AWS are marked so; the others follow
 * AWS's style and are listed in docs/differences.md.
 */
public final class Errors {

    private Errors() {}

    /** Recorded from AWS: LimitExceededException for a rule's sixth target and for archives. */
    private static final String QUOTA_REACHED = "The requested resource exceeds the maximum number allowed.";

    /** The verb AWS puts in "Failed to &lt;verb&gt; the connection(s)." */
    public enum Action {
        CREATE("create"), DESCRIBE("describe"), UPDATE("update"), DELETE("delete"),
        DEAUTHORIZE("deauthorize"), LIST("list");

        private final String verb;

        Action(String verb) { this.verb = verb; }

        /** "Failed to &lt;verb&gt; the connection(s). " */
        public String connections() { return "Failed to " + verb + " the connection(s). "; }

        /** "Failed to &lt;verb&gt; the api-destination(s). " */
        String apiDestinations() { return "Failed to " + verb + " the api-destination(s). "; }
    }

    /** Recorded from AWS (describe); the other verbs by analogy with the api-destination texts. */
    public static ResourceNotFoundException connectionNotFound(Action action, String name) {
        return new ResourceNotFoundException(action.connections() + "Connection '" + name + "' does not exist.");
    }

    public static ResourceAlreadyExistsException connectionExists(String name) {
        return new ResourceAlreadyExistsException(Action.CREATE.connections() + "Connection '" + name + "' already exists.");
    }

    public static LimitExceededException connectionQuota(int quota) {
        return new LimitExceededException(Action.CREATE.connections()
                + "The maximum number of connections (" + quota + ") for this account and region has been reached.");
    }

    public static LimitExceededException privateConnectionQuota(int quota) {
        return new LimitExceededException("The maximum number of private connections (" + quota
                + ") for this account and region has been reached.");
    }

    /** Recorded from AWS (update while DEAUTHORIZING). */
    public static ConcurrentModificationException connectionModifiedConcurrently(Action action, String name) {
        return new ConcurrentModificationException(action.connections() + "Connection '" + name + "' was modified concurrently.");
    }

    /** Recorded from AWS. */
    public static ValidationException updateNeedsSomething() {
        return new ValidationException(Action.UPDATE.connections()
                + "At least one of the following is required: Description, KmsKeyIdentifier, AuthorizationType with "
                + "BasicAuthParameters, ApiKeyAuthParameters, or OAuthParameters.");
    }

    public static ValidationException connectionInvalid(Action action, String reason) {
        return new ValidationException(action.connections() + reason);
    }

    public static ValidationException invalidNextToken(Action action) {
        return new ValidationException(action.connections() + "The NextToken is not valid or has expired.");
    }

    // ---- API destinations (recorded from AWS unless said otherwise) -----------------------------

    public static ResourceAlreadyExistsException apiDestinationExists(String name) {
        return new ResourceAlreadyExistsException(Action.CREATE.apiDestinations()
                + "An api-destination with name '" + name + "' already exists.");
    }

    /** Not recorded: AWS's text for the quota is unknown. */
    public static LimitExceededException apiDestinationQuota(int quota) {
        return new LimitExceededException(Action.CREATE.apiDestinations() + "The maximum number of api-destinations ("
                + quota + ") for this account and region has been reached.");
    }

    public static ResourceNotFoundException apiDestinationNotFound(Action action, String name) {
        return new ResourceNotFoundException(action.apiDestinations() + "An api-destination '" + name + "' does not exist.");
    }

    public static ResourceNotFoundException apiDestinationConnectionMissing(Action action, String connectionArn) {
        return new ResourceNotFoundException(action.apiDestinations() + "Connection '" + connectionArn + "' does not exist.");
    }

    public static ValidationException invalidInvocationEndpoint(Action action, String endpoint) {
        return new ValidationException(action.apiDestinations() + "Parameter InvocationEndpoint is not valid. Reason: "
                + "Endpoint '" + endpoint + "' is invalid, please provide a valid HTTPS endpoint URL.");
    }

    public static LimitExceededException invocationRateTooHigh(Action action, String name, int rate, int max) {
        return new LimitExceededException(action.apiDestinations() + "Invalid Invocation Rate Limit: Rate specified '"
                + rate + "' for '" + name + "' exceeds maximum allowed of '" + max + "'.");
    }

    public static ValidationException oneApiDestinationFilter() {
        return new ValidationException(Action.LIST.apiDestinations() + "Request failed because only one filter is "
                + "supported per request, either ConnectionArn or NamePrefix.");
    }

    /** Not recorded, like its twin for connections. */
    public static ValidationException invalidApiDestinationsNextToken() {
        return new ValidationException(Action.LIST.apiDestinations() + "The NextToken is not valid or has expired.");
    }

    // ---- event buses, rules, targets (texts as AWS answers them; see docs/differences.md) ------

    public static ResourceNotFoundException eventBusNotFound(String name) {
        return new ResourceNotFoundException("Event bus " + name + " does not exist.");
    }

    public static ResourceAlreadyExistsException eventBusExists(String name) {
        return new ResourceAlreadyExistsException("Event bus " + name + " already exists.");
    }

    public static ValidationException eventBusNameWithSlash() {
        return new ValidationException("Event bus name must not contain '/'.");
    }

    public static ValidationException defaultBusNotDeletable() {
        return new ValidationException("Cannot delete event bus default.");
    }

    public static ValidationException eventSourcesNotSupported() {
        return new ValidationException("Partner event sources (EventSourceName) are not supported by Bridgekeeper.");
    }

    public static ResourceNotFoundException ruleNotFound(String rule, String bus) {
        return new ResourceNotFoundException("Rule " + rule + " does not exist on EventBus " + bus + ".");
    }

    public static ValidationException patternOrSchedule() {
        return new ValidationException("Parameter(s) EventPattern or ScheduleExpression must be specified.");
    }

    public static ValidationException scheduleOnlyOnDefaultBus() {
        return new ValidationException("ScheduleExpression is supported only on the default event bus.");
    }

    /** AWS's text as moto reproduces it (not in our own recordings). */
    public static ValidationException scheduleNotValid() {
        return new ValidationException("Parameter ScheduleExpression is not valid.");
    }

    public static AwsException.InvalidEventPatternException invalidEventPattern(String reason) {
        return new AwsException.InvalidEventPatternException("Event pattern is not valid. Reason: " + reason);
    }

    public static ValidationException ruleHasTargets() {
        return new ValidationException("Rule can't be deleted since it has targets.");
    }

    /** AWS's text for its resource quotas (recorded for targets per rule and for archives). */
    public static LimitExceededException ruleQuota(int quota) {
        return new LimitExceededException(QUOTA_REACHED);
    }

    /** AWS's text for its resource quotas. */
    public static LimitExceededException eventBusQuota(int quota) {
        return new LimitExceededException(QUOTA_REACHED);
    }

    public static ValidationException inputNotJson() {
        return new ValidationException("Parameter Input is not valid. Reason: it is not valid JSON.");
    }

    /** Recorded from AWS (the sixth target of a rule). */
    public static LimitExceededException targetQuota(int quota) {
        return new LimitExceededException(QUOTA_REACHED);
    }

    /** Recorded from AWS. */
    public static ValidationException roleArnRequired(String targetArn) {
        return new ValidationException("RoleArn is required for target " + targetArn + ".");
    }

    /** Recorded from AWS. */
    public static ValidationException arnNotValid(String arn) {
        return new ValidationException("Parameter " + arn + " is not valid. Reason: Provided Arn is not in correct format.");
    }

    public static ValidationException duplicateTargetId(String id) {
        return new ValidationException("Parameter Targets contains the Id " + id + " more than once.");
    }

    public static ValidationException invalidInputPath(String path) {
        return new ValidationException("Parameter InputPath or InputPathsMap is not valid. Reason: '" + path
                + "' is not a JSON path Bridgekeeper supports ($, $.a.b, $.a[0]).");
    }

    public static ValidationException eventNotValid() {
        return new ValidationException("Parameter Event is not valid.");
    }

    /** For the lists outside connections and API destinations, whose AWS texts carry no "Failed to" prefix. */
    public static ValidationException invalidNextToken() {
        return new ValidationException("The NextToken is not valid or has expired.");
    }

    public static ValidationException entriesTooLarge() {
        return new ValidationException("Total size of the entries in the request is over the limit.");
    }

    // ---- targets beyond API destinations, archives and replays (routing breadth) -------------

    /** Not recorded: AWS's text for an ARN of a service that is no target is unknown (docs/differences.md). */
    public static ValidationException notATargetArn(String arn) {
        return new ValidationException("Parameter " + arn + " is not valid. Reason: it is not the ARN of a resource "
                + "EventBridge delivers to.");
    }

    /** Not recorded: Bridgekeeper keeps no event bus permissions, so another account's bus cannot allow us. */
    public static ValidationException crossAccountBusTarget(String arn) {
        return new ValidationException("Parameter " + arn + " is not valid. Reason: the event bus is in another "
                + "account, and Bridgekeeper has no event bus permissions (PutPermission) to allow it.");
    }

    /** AWS's text as moto reproduces it: a FIFO queue target without SqsParameters. */
    public static ValidationException sqsParametersRequired(String targetId) {
        return new ValidationException("Parameter(s) SqsParameters must be specified for target: " + targetId + ".");
    }

    /** Recorded from AWS, as the archive and replay texts below unless said otherwise. */
    public static ResourceAlreadyExistsException archiveExists(String name) {
        return new ResourceAlreadyExistsException("Archive " + name + " already exists.");
    }

    public static ResourceNotFoundException archiveNotFound(String name) {
        return new ResourceNotFoundException("Archive " + name + " does not exist.");
    }

    public static ValidationException archiveUpdateNeedsSomething() {
        return new ValidationException("At least one of EventPattern, RetentionDays or Description must be provided.");
    }

    public static ValidationException replayArchiveMissing(String name) {
        return new ValidationException("Parameter EventSourceArn is not valid. Reason: Archive " + name + " does not exist.");
    }

    public static ValidationException replayTimesInvalid() {
        return new ValidationException("Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.");
    }

    public static ValidationException crossBusReplay() {
        return new ValidationException("Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.");
    }

    public static ResourceAlreadyExistsException replayExists(String name) {
        return new ResourceAlreadyExistsException("Replay " + name + " already exists.");
    }

    public static ResourceNotFoundException replayNotFound(String name) {
        return new ResourceNotFoundException("Replay " + name + " does not exist.");
    }

    /** Recorded for the eleventh concurrent replay. */
    public static LimitExceededException replayQuota() {
        return new LimitExceededException("The requested resource exceeds the maximum number allowed.");
    }

    /** Not recorded: AWS's text for cancelling a replay that has ended is unknown. */
    public static AwsException.IllegalStatusException replayNotCancellable(String name, String state) {
        return new AwsException.IllegalStatusException("Replay " + name + " is " + state + " and can no longer be cancelled.");
    }

    // ---- a connection's KmsKeyIdentifier (AWS's texts are not known; see docs/differences.md) ---

    public static ResourceNotFoundException kmsKeyNotFound(Action action, String identifier) {
        return new ResourceNotFoundException(action.connections() + "The KMS key '" + identifier + "' does not exist.");
    }

    /** @param problem why the key cannot protect a connection's secret (disabled, pending deletion, untagged) */
    public static AccessDeniedException kmsKeyUnusable(Action action, String problem) {
        return new AccessDeniedException(action.connections() + problem);
    }

    // ---- the key API (KMS's texts where known; see docs/differences.md) -----------------------

    public static NotFoundException keyNotFound(String keyArn) {
        return new NotFoundException("Key '" + keyArn + "' does not exist");
    }

    public static NotFoundException aliasNotFound(String aliasArn) {
        return new NotFoundException("Alias '" + aliasArn + "' is not found.");
    }

    public static AlreadyExistsException aliasExists(String aliasArn) {
        return new AlreadyExistsException("An alias with the name " + aliasArn + " already exists");
    }

    public static InvalidAliasNameException invalidAliasName(String name) {
        return new InvalidAliasNameException("Alias must start with the prefix \"alias/\" and may not begin with "
                + "\"alias/aws/\": " + name);
    }

    public static KMSInvalidStateException keyPendingDeletion(String keyArn) {
        return new KMSInvalidStateException(keyArn + " is pending deletion.");
    }

    /** KMS's key state table: CancelKeyDeletion of a key that is not pending deletion. */
    public static KMSInvalidStateException keyNotPendingDeletion(String keyArn) {
        return new KMSInvalidStateException(keyArn + " is not pending deletion.");
    }

    /** KMS's key state table: rotation changes on a disabled key. */
    public static AwsException.DisabledException keyDisabled(String keyArn) {
        return new AwsException.DisabledException(keyArn + " is disabled.");
    }

    /** A policy name other than "default" (moto's text; AWS's is not recorded). */
    public static NotFoundException noSuchPolicy() {
        return new NotFoundException("No such policy exists");
    }

    /** Chosen: KMS's text for a policy that is not JSON is not recorded. */
    public static AwsException.MalformedPolicyDocumentException malformedPolicy() {
        return new AwsException.MalformedPolicyDocumentException("The key policy is not a valid JSON document.");
    }

    public static ValidationException pendingWindowOutOfRange(int days) {
        return new ValidationException("PendingWindowInDays must be between 7 and 30 (got " + days + ").");
    }

    // ---- Secrets Manager: reads of connection secrets ----------------------------------------------

    /** Recorded from AWS (a connection's secret after it is gone). */
    public static ResourceNotFoundException secretNotFound() {
        return new ResourceNotFoundException("Secrets Manager can't find the specified secret.");
    }

    /** Recorded from AWS (GetSecretValue of a de-authorized connection's secret). */
    public static AwsException.InvalidRequestException secretMarkedForDeletion() {
        return new AwsException.InvalidRequestException(
                "You can't perform this operation on the secret because it was marked for deletion.");
    }

    /** Recorded from AWS (PutSecretValue on a connection's secret); used for every write. */
    public static AwsException.InvalidRequestException secretOwnedByAnotherService(String service) {
        return new AwsException.InvalidRequestException("Operation is not allowed on secret owned by " + service);
    }

    /** Secrets Manager's wording (not recorded here). */
    public static ResourceNotFoundException secretVersionNotFound(String versionId) {
        return new ResourceNotFoundException("Secrets Manager can't find the specified secret value for VersionId: "
                + versionId);
    }

    /** Secrets Manager's wording (not recorded here). */
    public static ResourceNotFoundException secretStageNotFound(String stage) {
        return new ResourceNotFoundException("Secrets Manager can't find the specified secret value for staging label: "
                + stage);
    }

    /** Secrets Manager's wording (not recorded here): the KMS key of the secret is unusable. */
    public static AwsException.DecryptionFailure secretDecryptionFailure() {
        return new AwsException.DecryptionFailure(
                "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
    }

    /** IAM's wording for a cross-account read without a resource policy. */
    public static AccessDeniedException secretAccessDenied(String callerArn, String operation, String resource) {
        return new AccessDeniedException("User: " + callerArn + " is not authorized to perform: secretsmanager:"
                + operation + " on resource: " + resource + " because no resource-based policy allows the secretsmanager:"
                + operation + " action");
    }

    /** Chosen (AWS's text is not recorded). */
    public static AwsException.InvalidNextTokenException invalidSecretsNextToken() {
        return new AwsException.InvalidNextTokenException("The NextToken value is invalid.");
    }

    public static UnknownOperationException secretsApiOff() {
        return new UnknownOperationException("Bridgekeeper's Secrets Manager API is off (--secrets-api off): "
                + "connection secrets cannot be read through it.");
    }

    // ---- STS --------------------------------------------------------------------------------------

    /** The query protocol's text for an Action the service does not have. */
    public static AwsException.InvalidAction unknownAction(String action, String version) {
        return new AwsException.InvalidAction("Could not find operation " + action + " for version " + version);
    }

    public static AwsException.InvalidAction missingAction() {
        return new AwsException.InvalidAction("Missing Action: the query protocol names the operation in the form "
                + "body (Action=GetCallerIdentity&Version=2011-06-15).");
    }

    public static AwsException.InvalidAction actionNotBuilt(String action) {
        return new AwsException.InvalidAction("Operation " + action + " is not supported by Bridgekeeper yet: "
                + "its STS serves GetCallerIdentity.");
    }

    // ---- the protocol: every AWS JSON 1.1 service (see docs/differences.md) ---------------------

    /** Recorded from AWS: the count, then every violation, joined by "; ". */
    public static ValidationException validationErrors(List<String> violations) {
        int n = violations.size();
        return new ValidationException(n + (n == 1 ? " validation error detected: " : " validation errors detected: ")
                + String.join("; ", violations));
    }

    /** In the style of AWS's (Coral) deserializer, as the next three: a JSON array where the shape has none. */
    public static SerializationException listNotExpected() {
        return new SerializationException("Start of list found where not expected");
    }

    /** A JSON object where the shape has none. */
    public static SerializationException structureNotExpected() {
        return new SerializationException("Start of structure or map found where not expected.");
    }

    /**
     * A scalar of the wrong type.
     *
     * @param token {@code STRING_VALUE}, {@code BOOLEAN_VALUE} or {@code NUMBER_VALUE}
     * @param target what the shape wanted, e.g. {@code a Blob}
     */
    public static SerializationException notConvertible(String token, String target) {
        return new SerializationException(token + " can not be converted to " + target);
    }

    public static SerializationException unexpectedValue(String target) {
        return new SerializationException("Unexpected value where " + target + " was expected");
    }

    public static SerializationException base64Expected(String path) {
        return new SerializationException("Base64 encoded value expected at '" + path + "'");
    }

    public static SerializationException bodyNotJson() {
        return new SerializationException("The request body is not valid JSON.");
    }

    public static SerializationException bodyUnreadable() {
        return new SerializationException("The request body could not be read.");
    }

    public static SerializationException bodyNotObject() {
        return new SerializationException("The request body must be a JSON object.");
    }

    public static SerializationException contentLengthNotANumber() {
        return new SerializationException("The Content-Length header is not a number.");
    }

    public static RequestEntityTooLargeException bodyTooLarge(long length, int max) {
        return new RequestEntityTooLargeException("Request body of " + length + " bytes or more exceeds the maximum of "
                + max + " bytes.");
    }

    public static UnknownOperationException notAnOperation(String method, String path) {
        return new UnknownOperationException("Bridgekeeper serves the AWS JSON 1.1 protocol: POST / with an "
                + "X-Amz-Target header (" + method + " " + path + " is not an operation).");
    }

    public static UnknownOperationException missingTarget() {
        return new UnknownOperationException("Missing the X-Amz-Target header: it names the operation, as "
                + "AWSEvents.<Operation>.");
    }

    public static UnknownOperationException unknownOperation(String target) {
        return new UnknownOperationException("Operation " + target + " is not known.");
    }

    public static UnknownOperationException operationNotBuilt(String operation) {
        return new UnknownOperationException("Operation " + operation + " is not supported by Bridgekeeper yet.");
    }

    /** The cause is logged under the request id, never sent. */
    public static InternalException internal(String requestId) {
        return new InternalException("An internal error occurred. Request id: " + requestId);
    }

    // ---- tags, bus settings and permissions, targets' inputs (issue 14) --------------------------

    /** Chosen: AWS's text is not recorded. The tagging guide: "The aws: prefix is prohibited for tags". */
    public static ValidationException reservedTagKey(String key) {
        return new ValidationException("Parameter Tags is not valid. Reason: The tag key " + key
                + " uses the prefix aws:, which is reserved for AWS use.");
    }

    /** Chosen: AWS's text is not recorded. "Each resource can have a maximum of 50 tags." */
    public static ValidationException tooManyTags(String resourceArn, int max) {
        return new ValidationException("Parameter Tags is not valid. Reason: " + resourceArn
                + " would have more than " + max + " tags.");
    }

    /** Chosen: connections, API destinations and other EventBridge ARNs cannot be tagged. */
    public static ValidationException notTaggable(String arn) {
        return new ValidationException("Parameter ResourceARN is not valid. Reason: " + arn
                + " is not the ARN of an event bus or a rule; in EventBridge only event buses and rules can be tagged.");
    }

    /** Recorded from AWS: RemovePermission with a StatementId the policy does not have (or with no policy). */
    public static ResourceNotFoundException statementNotFound() {
        return new ResourceNotFoundException("Statement with the provided id does not exist.");
    }

    /** Chosen (moto's wording): RemovePermission with RemoveAllPermissions on a bus without a policy. */
    public static ResourceNotFoundException busHasNoPolicy() {
        return new ResourceNotFoundException("EventBus does not have a policy.");
    }

    /** Chosen (moto's wording): PutPermission without Policy lacks one of Action, Principal, StatementId. */
    public static ValidationException permissionParameterMissing(String parameter) {
        return new ValidationException("Parameter " + parameter + " must be specified.");
    }

    /** Chosen (moto's wording): the only action PutPermission grants is events:PutEvents. */
    public static ValidationException permissionActionNotSupported() {
        return new ValidationException("Provided value in parameter 'action' is not supported.");
    }

    /** Chosen (moto's wording). */
    public static ValidationException conditionNeedsAnyPrincipal() {
        return new ValidationException("Value of the parameter 'principal' must be '*' when the parameter 'condition' is set.");
    }

    /** Chosen (moto's wording): PutPermission's Policy is not a JSON object. */
    public static ValidationException policyNotJson() {
        return new ValidationException("This policy contains invalid Json");
    }

    /** Chosen: AWS documents the limit ("cannot exceed 10 KB in size"), not the text. */
    public static PolicyLengthExceededException policyTooLong(int maxBytes) {
        return new PolicyLengthExceededException("The policy of the event bus would exceed the maximum size of "
                + maxBytes + " bytes.");
    }

    /** Chosen (LocalStack's wording): RemovePermission with neither StatementId nor RemoveAllPermissions. */
    public static ValidationException statementIdRequired() {
        return new ValidationException("Parameter StatementId is required.");
    }

    /** Recorded from AWS: a target with more than one of Input, InputPath and InputTransformer. */
    public static ValidationException oneInputKind(String targetId) {
        return new ValidationException("Only one of Input, InputPath, or InputTransformer must be provided for target "
                + targetId + ".");
    }

    /** Recorded from AWS: a placeholder of the InputTemplate that is neither in InputPathsMap nor AWS's own. */
    public static ValidationException invalidPlaceholder(String targetId, String placeholder) {
        return new ValidationException("InputTemplate for target " + targetId + " contains invalid placeholder "
                + placeholder + ".");
    }

    // ---- account isolation (appended by the isolation/egress work) ------------------------------

    /**
     * PutTargets naming an API destination of another region of the caller's account. Recorded
     * from AWS for a cross-region target (hashicorp/terraform-provider-aws issue 31444).
     */
    public static ValidationException crossRegionTarget() {
        return new ValidationException("Cross-region api call is not allowed.");
    }

    /**
     * PutTargets naming an API destination of another account: AWS's text is not known (API
     * destinations are not among its cross-account targets); chosen after the cross-region one.
     */
    public static ValidationException crossAccountTarget() {
        return new ValidationException("Cross-account api call is not allowed.");
    }

    /**
     * UpdateConnection changing an OAuth connection's AuthorizationEndpoint without its client
     * secret: Bridgekeeper's rule (AWS has none), so that a stored secret goes only to the
     * endpoint it was given for.
     */
    public static ValidationException newAuthorizationEndpointNeedsSecret() {
        return new ValidationException(Action.UPDATE.connections() + "A new AuthorizationEndpoint must come with "
                + "ClientParameters.ClientSecret in the same request: the stored client secret is never sent to an "
                + "endpoint other than the one it was given for.");
    }

    // ---- who may call (see docs/differences.md) ---------------------------------------------------

    /** AWS's text. */
    public static MissingAuthenticationTokenException missingAuthenticationToken() {
        return new MissingAuthenticationTokenException("Missing Authentication Token");
    }

    /** AWS's text. */
    public static UnrecognizedClientException unrecognizedClient() {
        return new UnrecognizedClientException("The security token included in the request is invalid.");
    }

    /** @param message AWS's text for what the SigV4 header lacks, as the verifier words it */
    public static IncompleteSignatureException incompleteSignature(String message) {
        return new IncompleteSignatureException(message);
    }

    /** @param message AWS's text for the wrong signature, scope or time, as the verifier words it */
    public static InvalidSignatureException invalidSignature(String message) {
        return new InvalidSignatureException(message);
    }

    /** In the style of AWS's scope errors: a region that cannot be part of an ARN. */
    public static InvalidSignatureException regionNotValid(String region) {
        return new InvalidSignatureException("Credential should be scoped to a valid region, not '" + region + "'. ");
    }

    /**
     * Bridgekeeper's own: the request was addressed to a name that is not loopback's while no
     * signature is checked (the defence against DNS rebinding).
     *
     * @param host the {@code Host} header as sent (shortened), or null when there was none
     */
    public static HostNotAllowedException hostNotAllowed(String host) {
        return new HostNotAllowedException((host == null ? "A request without a Host header"
                : "Host '" + host + "'") + " is not allowed: without --auth verify, Bridgekeeper on a loopback address"
                + " answers only requests addressed to localhost, 127.0.0.1 or [::1] (a defence against DNS"
                + " rebinding). Use one of those in the endpoint URL, or add the name to --allowed-hosts.");
    }

    // ---- the delivery history (Bridgekeeper's own operations; see docs/differences.md) -----------

    public static ResourceNotFoundException deliveryNotFound(String id) {
        return new ResourceNotFoundException("Delivery '" + id + "' does not exist.");
    }

    public static ResourceNotFoundException pendingDeliveryNotFound(String id) {
        return new ResourceNotFoundException("Delivery '" + id + "' is not pending (delivered, dead-lettered or unknown).");
    }

    /**
     * Back-pressure: the pending backlog is over --max-pending-deliveries. AWS's code for PutEvents
     * over its rate, with the model's text for it; SDKs and the CLI retry it with backoff.
     */
    public static AwsException.ThrottlingException throttled() {
        return new AwsException.ThrottlingException("This request cannot be completed due to throttling issues.");
    }

    public static ConcurrentModificationException deliveryInFlight(String id) {
        return new ConcurrentModificationException("Delivery '" + id + "' is being attempted now; try again when the attempt is over.");
    }

    public static ValidationException deliveryDestinationNotAnArn(String destination) {
        return new ValidationException("ApiDestinationArn '" + destination + "' is not an API destination ARN.");
    }
}
