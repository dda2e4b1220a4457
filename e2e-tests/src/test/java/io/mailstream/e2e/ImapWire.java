package io.mailstream.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A raw IMAP client: tagged commands, untagged responses with their literals kept as bytes. */
final class ImapWire extends Wire {

    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}$");
    private static final Pattern UID = Pattern.compile("\\bUID (\\d+)");

    /** One untagged response: its text with each literal replaced by {n}, and the literals' bytes. */
    record Untagged(String text, List<byte[]> literals) {
    }

    private int tag;

    ImapWire(int port, String user, String password) throws IOException {
        super(port);
        String greeting = readLine();
        if (!greeting.startsWith("* OK")) {
            throw new IOException("IMAP greeting: " + greeting);
        }
        command("LOGIN " + quoted(user) + " " + quoted(password));
    }

    /** Runs a command, fails unless its tagged answer is OK, and returns the untagged responses. */
    List<Untagged> command(String command) throws IOException {
        String t = "e" + (++tag);
        writeLine(t + " " + command);
        List<Untagged> untagged = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line.startsWith(t + " ")) {
                if (!line.startsWith(t + " OK")) {
                    throw new IOException(command + " -> " + line);
                }
                return untagged;
            }
            StringBuilder text = new StringBuilder(line);
            List<byte[]> literals = new ArrayList<>();
            for (Matcher m = LITERAL.matcher(line); m.find(); m = LITERAL.matcher(line)) {
                literals.add(readBytes(Integer.parseInt(m.group(1))));
                line = readLine();
                text.append(line);
            }
            untagged.add(new Untagged(text.toString(), literals));
        }
    }

    /** UID → raw message bytes of every message in the selected mailbox, without setting \Seen. */
    Map<Long, byte[]> fetchAllBodies() throws IOException {
        Map<Long, byte[]> bodies = new LinkedHashMap<>();
        for (Untagged response : command("UID FETCH 1:* (UID BODY.PEEK[])")) {
            Matcher uid = UID.matcher(response.text());
            if (response.text().contains(" FETCH ") && uid.find() && response.literals().size() == 1) {
                bodies.put(Long.parseLong(uid.group(1)), response.literals().get(0));
            }
        }
        return bodies;
    }

    static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
