package org.bridgekeeper.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a PostgreSQL database is: {@code jdbc:postgresql://HOST:PORT/DB}, with the user and the
 * password apart from the URL. A {@code user} or {@code password} parameter in the URL is taken
 * out of it, so that the URL can be logged and shown; the password is never printed.
 *
 * @param url      the JDBC URL without user and password
 * @param user     null: the driver's default (the OS user)
 * @param password null: none (trust, peer or a password file)
 */
public record DatabaseUrl(String url, String user, String password) {

    private static final String PREFIX = "jdbc:postgresql://";

    public DatabaseUrl {
        if (url == null || !url.startsWith(PREFIX) || url.length() == PREFIX.length()) {
            throw new IllegalArgumentException("a PostgreSQL JDBC URL: jdbc:postgresql://HOST:PORT/DATABASE");
        }
    }

    /** Parses {@code text}; a user or password given apart ({@code user}, {@code password} not null) wins over the URL's. */
    public static DatabaseUrl parse(String text, String user, String password) {
        if (text == null || !text.startsWith(PREFIX)) {
            // Never quotes the text: it may hold a password.
            throw new IllegalArgumentException("a PostgreSQL JDBC URL: jdbc:postgresql://HOST:PORT/DATABASE");
        }
        int question = text.indexOf('?');
        String base = question < 0 ? text : text.substring(0, question);
        List<String> kept = new ArrayList<>();
        String urlUser = null;
        String urlPassword = null;
        if (question >= 0) {
            for (String parameter : text.substring(question + 1).split("&")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int equals = parameter.indexOf('=');
                String name = (equals < 0 ? parameter : parameter.substring(0, equals)).toLowerCase(Locale.ROOT);
                String value = equals < 0 ? "" : java.net.URLDecoder.decode(parameter.substring(equals + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
                switch (name) {
                    case "user" -> urlUser = value;
                    case "password" -> urlPassword = value;
                    default -> kept.add(parameter);
                }
            }
        }
        String url = kept.isEmpty() ? base : base + "?" + String.join("&", kept);
        return new DatabaseUrl(url, user != null ? user : urlUser, password != null ? password : urlPassword);
    }

    /** The URL and the user; whether a password is set, never the password. */
    @Override
    public String toString() {
        return url + (user == null ? "" : " (user " + user + ")") + (password == null ? "" : " (password set)");
    }
}
