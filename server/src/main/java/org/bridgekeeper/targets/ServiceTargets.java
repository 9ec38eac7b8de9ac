package org.bridgekeeper.targets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bridgekeeper.common.Arn;
import org.bridgekeeper.delivery.Deliverer;
import org.bridgekeeper.delivery.Delivery;
import org.bridgekeeper.invoke.Invoker.Outcome;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;

/**
 * Targets that are AWS services (SQS, SNS, Lambda, Kinesis, Firehose, Step Functions, CloudWatch
 * Logs), each reached through its AWS SDK client at the endpoint the operator names for the
 * service ({@code --target-endpoint sqs=http://127.0.0.1:9324}; {@code *} names one endpoint for
 * every service without its own, as LocalStack or moto serve), in the target ARN's Region, with
 * the SDK's default credentials (the AWS variables, system properties, a profile, ...). The SDK
 * does not retry: the {@link Deliverer} does, with the target's RetryPolicy.
 *
 * <p>A delivery to a service without an endpoint, or to a service Bridgekeeper does not deliver to
 * yet (ECS, Batch, ...), fails for good, with a reason that says so: it goes to the dead letters.
 * A 5xx, a throttling answer or an endpoint that cannot be reached is retried; any other 4xx (no
 * such queue, access denied, ...) is not.
 */
public final class ServiceTargets implements Deliverer.Sender, AutoCloseable {

    /** What one service does with a delivery: one call of its client. */
    interface ServiceTarget {
        void send(Arn target, Delivery delivery, JsonNode parameters);
    }

    /** Makes a service's target for one endpoint and Region. */
    @FunctionalInterface
    interface Factory {
        ServiceTarget create(Clients clients, URI endpoint, Region region);
    }

    /** The services delivered to, by their name in ARNs, and how. */
    static final Map<String, Factory> SERVICES = Map.of(
            "sqs", SqsTarget::new,
            "sns", SnsTarget::new,
            "lambda", LambdaTarget::new,
            "kinesis", KinesisTarget::new,
            "firehose", FirehoseTarget::new,
            "states", StepFunctionsTarget::new,
            "logs", LogsTarget::new);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, URI> endpoints;
    private final Clients clients;
    private final Map<String, ServiceTarget> targets = new ConcurrentHashMap<>();

    /** @param endpoints service name (or {@code *}) to endpoint; {@code timeout} bounds each call */
    public ServiceTargets(Map<String, URI> endpoints, Duration timeout) {
        this.endpoints = Map.copyOf(endpoints);
        this.clients = new Clients(timeout);
    }

    @Override
    public Outcome send(Delivery delivery) {
        Arn arn = Arn.parse(delivery.targetArn()).orElse(null);
        if (arn == null) {
            return failed("The target " + delivery.targetArn() + " is not an ARN.");
        }
        String service = arn.service();
        Factory factory = SERVICES.get(service);
        if (factory == null) {
            return failed("Bridgekeeper does not deliver to " + service + " targets yet.");
        }
        URI endpoint = endpoints.getOrDefault(service, endpoints.get("*"));
        if (endpoint == null) {
            return failed("No endpoint is configured for " + service + " targets: start Bridgekeeper with "
                    + "--target-endpoint " + service + "=<url> (or BRIDGEKEEPER_TARGET_ENDPOINTS=\"" + service
                    + "=<url>\").");
        }
        ServiceTarget target = targets.computeIfAbsent(service + " " + arn.region(),
                k -> factory.create(clients, endpoint, Region.of(arn.region())));
        try {
            target.send(arn, delivery, parameters(delivery.httpParameters()));
            return new Outcome.Delivered(200, null);
        } catch (AwsServiceException e) {
            int status = e.statusCode();
            boolean retryable = status >= 500 || status == 429 || e.isThrottlingException();
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            return new Outcome.Failed(status, "The " + service + " endpoint answered HTTP " + status
                    + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message), retryable, null, null);
        } catch (SdkClientException e) {
            return new Outcome.Failed(0, "Could not reach the " + service + " endpoint " + endpoint + ": "
                    + e.getMessage(), true, null, null);
        } catch (Failure e) {
            return failed(e.getMessage());
        }
    }

    private static Outcome failed(String reason) {
        return new Outcome.Failed(0, reason, false, null, null);
    }

    private static JsonNode parameters(String json) {
        if (json == null) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored target parameters are not JSON", e);
        }
    }

    @Override
    public void close() {
        targets.clear();
        clients.close();
    }

    /** A delivery that cannot be made (a malformed resource in the ARN): fails for good with its message. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** What every client shares: one HTTP client, the credentials, the call timeout, no SDK retries. */
    static final class Clients implements AutoCloseable {
        private final Duration timeout;
        private volatile SdkHttpClient http;
        private volatile AwsCredentialsProvider credentials;

        Clients(Duration timeout) {
            this.timeout = timeout;
        }

        /** {@code builder} pointed at {@code endpoint} in {@code region}, built. */
        <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, URI endpoint, Region region) {
            return builder.endpointOverride(endpoint)
                    .region(region)
                    .credentialsProvider(credentials())
                    .httpClient(http())
                    .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry())
                            .apiCallTimeout(timeout).apiCallAttemptTimeout(timeout))
                    .build();
        }

        private synchronized SdkHttpClient http() {
            if (http == null) {
                http = UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build();
            }
            return http;
        }

        private synchronized AwsCredentialsProvider credentials() {
            if (credentials == null) {
                credentials = DefaultCredentialsProvider.builder().build();
            }
            return credentials;
        }

        @Override
        public synchronized void close() {
            if (http != null) {
                http.close();
            }
        }
    }
}
