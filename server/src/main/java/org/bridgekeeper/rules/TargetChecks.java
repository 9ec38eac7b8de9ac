package org.bridgekeeper.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.regex.Pattern;
import org.bridgekeeper.common.Arn;
import org.bridgekeeper.common.Scope;
import org.bridgekeeper.error.Errors;

/**
 * PutTargets' checks of a target's ARN and role, as AWS makes them: the ARN must be one (AWS's
 * recorded "Provided Arn is not in correct format."), of a service EventBridge delivers to; the
 * targets that EventBridge reaches through an IAM role need a {@code RoleArn} (AWS's recorded
 * "RoleArn is required for target ..."); a FIFO queue needs {@code SqsParameters}.
 */
final class TargetChecks {

    private static final Pattern ROLE_ARN = Pattern.compile("^arn:aws[a-z-]*:iam::\\d{12}:role/.+$");

    /** Services whose resources AWS lists as targets (eb-targets), besides {@code events}. */
    static final Set<String> SERVICES = Set.of("sqs", "sns", "lambda", "kinesis", "firehose", "states", "logs",
            "execute-api", "appsync", "batch", "ecs", "codebuild", "codepipeline", "glue", "redshift",
            "redshift-serverless", "sagemaker", "ssm", "ssm-incidents", "inspector", "ec2");

    /**
     * Targets AWS reaches through the role in {@code RoleArn}: those its API reference names (EC2
     * Run Command, Kinesis, Step Functions, API Gateway), those AWS was recorded asking for one
     * (API destinations, Step Functions, CodePipeline) and the task-running services. Lambda, SNS,
     * SQS and CloudWatch Logs work through resource policies: a role is allowed there, not required.
     */
    private static final Set<String> ROLE_REQUIRED = Set.of("kinesis", "states", "execute-api", "codepipeline", "ecs",
            "batch", "codebuild", "glue", "redshift", "redshift-serverless", "sagemaker", "ssm", "ssm-incidents",
            "inspector", "ec2");

    private TargetChecks() {}

    /** Checks one target of a rule in {@code scope}; AWS's ValidationException when it is refused. */
    static void check(Scope scope, Target target) {
        Arn arn = Arn.parse(target.arn()).orElseThrow(() -> Errors.arnNotValid(target.arn()));
        boolean roleRequired;
        if (arn.service().equals("events")) {
            if (arn.resourceAfter("api-destination") != null) {
                // An API destination resolves only in the caller's account and region (account isolation).
                if (!arn.account().equals(scope.account())) {
                    throw Errors.crossAccountTarget();
                }
                if (!arn.region().equals(scope.region())) {
                    throw Errors.crossRegionTarget();
                }
                roleRequired = true;
            } else if (arn.resourceAfter("event-bus") != null) {
                if (!arn.account().equals(scope.account())) {
                    throw Errors.crossAccountBusTarget(target.arn());
                }
                // Another bus of the account: a role for another Region (AWS requires one), none needed in this one.
                roleRequired = !arn.region().equals(scope.region());
            } else {
                throw Errors.notATargetArn(target.arn());
            }
        } else if (SERVICES.contains(arn.service())) {
            roleRequired = ROLE_REQUIRED.contains(arn.service());
        } else {
            throw Errors.notATargetArn(target.arn());
        }
        JsonNode role = target.definition().get("RoleArn");
        boolean hasRole = role != null && !role.isNull();
        if (roleRequired && !hasRole) {
            throw Errors.roleArnRequired(target.arn());
        }
        if (hasRole && !ROLE_ARN.matcher(role.asText()).matches()) {
            throw Errors.arnNotValid(role.asText());
        }
        if (arn.service().equals("sqs") && arn.resource().endsWith(".fifo")
                && target.definition().path("SqsParameters").isMissingNode()) {
            throw Errors.sqsParametersRequired(target.id());
        }
    }
}
