package org.bridgekeeper.cli;

/** {@code --version}: our own name and version, in the AWS CLI's layout. */
final class Version {

    static final String NUMBER = "0.1.0";

    private Version() {
    }

    static String text() {
        return "bridgekeeper-cli/" + NUMBER + " Java/" + System.getProperty("java.version") + " "
                + System.getProperty("os.name") + "/" + System.getProperty("os.version") + " source/"
                + System.getProperty("os.arch") + " prompt/off";
    }

    /** {@code ... command/<service>.<command>}, as aws-cli names the command it runs. */
    static String userAgent(String service, String command) {
        return "bridgekeeper-cli/" + NUMBER + " Java/" + System.getProperty("java.version") + " "
                + System.getProperty("os.name") + "/" + System.getProperty("os.version") + " command/" + service
                + "." + command;
    }
}
