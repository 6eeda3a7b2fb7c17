package org.earlyrank;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** EarlyRank's version and the git commit it was run from, as recorded in options.json. */
public final class Version {
    private Version() {
    }

    public static String version() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    /** The commit bin/earlyrank and bin/submit pass as -Dearlyrank.git.commit, else "unknown". */
    public static String gitCommit() {
        return System.getProperty("earlyrank.git.commit", "unknown");
    }
}
