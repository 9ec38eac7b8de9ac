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

    static String userAgent(String command) {
        return "bridgekeeper-cli/" + NUMBER + " Java/" + System.getProperty("java.version") + " "
                + System.getProperty("os.name") + "/" + System.getProperty("os.version") + " command/events."
                + command;
    }
}
