package org.bridgekeeper.cli.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bridgekeeper.cli.py.Py;
import org.junit.jupiter.api.Test;

/**
 * {@link AwsModel} against what the Python script it replaces, tools/compact-cli-model.py
 * (Python's re and minidom, as botocore and aws-cli), made of a model: the expected values are
 * the script's, and so are the committed events resources.
 */
class AwsModelTest {

    private static final Path AWS_MODELS = Path.of("../../shared/aws-models");
    private static final Path RESOURCES = Path.of("src/main/resources/org/bridgekeeper/cli/model");

    @Test
    void cliNamesAsBotocoresXformName() {
        assertEquals("list-dead-letters", AwsModel.xformName("ListDeadLetters"));
        assertEquals("put-events", AwsModel.xformName("PutEvents"));
        assertEquals("list-api-destinations", AwsModel.xformName("ListApiDestinations"));
        assertEquals("list-arns", AwsModel.xformName("ListARNs"));
        assertEquals("describe-kms-key", AwsModel.xformName("DescribeKMSKey"));
        assertEquals("already-dashed", AwsModel.xformName("already-dashed"));
    }

    @Test
    void overviewIsTheFirstSentenceOfTheText() {
        assertEquals("The name of the API destination to call.",
                AwsModel.overview("<p>The name of the API destination to call.</p>"));
        assertEquals("Why it failed, for example <code>The endpoint answered HTTP 400.",
                AwsModel.overview("Why it failed, for example <code>The endpoint answered HTTP 400.</code></p>"));
        assertEquals("Only a b c.", AwsModel.overview("<p>Only <code>a</code>\nb\u2028c: more. Even more.</p>"));
        // Not XML (an HTML entity): the text as it is.
        assertEquals("<p>Not XML&nbsp;</p>.", AwsModel.overview("<p>Not XML&nbsp;</p>"));
        assertEquals("", AwsModel.overview(""));
        assertEquals("", AwsModel.overview("<p><![CDATA[cdata adds nothing]]></p>"));
    }

    /** What {@link AwsModel#main} writes of AWS's model is what is committed. */
    @Test
    void theEventsResourcesAreWhatAwsModelMakesOfAwsModel() throws IOException {
        assumeTrue(Files.exists(AWS_MODELS.resolve("events-service-2.json")), "shared/aws-models beside the repository");
        ObjectNode model = (ObjectNode) Py.loads(Files.readString(AWS_MODELS.resolve("events-service-2.json")));
        model.set("pagination", Py.loads(Files.readString(AWS_MODELS.resolve("events-paginators-1.json")))
                .get("pagination"));
        assertEquals(Files.readString(RESOURCES.resolve("events.json")),
                Py.dumps(AwsModel.compact(model), ",", ":", true) + "\n");
        assertEquals(Files.readString(RESOURCES.resolve("events-docs.json")),
                Py.dumps(AwsModel.docs(model), ",", ":", true) + "\n");
    }
}
