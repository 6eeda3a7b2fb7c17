package org.earlyrank.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.TestSpark;
import org.junit.jupiter.api.Test;

/** Embedded mode opens no port beyond loopback: checked on this JVM's own listening sockets. */
class LoopbackTest {
    @Test
    void theEmbeddedSessionListensOnLoopbackOnly() throws IOException {
        SparkSession s = TestSpark.session();
        assertEquals("127.0.0.1", s.conf().get("spark.driver.bindAddress"));
        assertEquals("false", s.conf().get("spark.ui.enabled"));
        Set<String> mine = socketInodes();
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p).subList(1, Files.readAllLines(p).size())) {
                String[] f = line.trim().split("\\s+");
                // f[1] local address:port (hex), f[3] state (0A = LISTEN), f[9] inode
                if (f[3].equals("0A") && mine.contains(f[9])) {
                    listening.add(f[1]);
                }
            }
        }
        assertFalse(listening.isEmpty(), "the driver listens somewhere (RPC, block manager)");
        for (String local : listening) {
            String addr = local.substring(0, local.indexOf(':'));
            boolean loopback4 = addr.equals("0100007F");
            boolean loopback6 = addr.equals("00000000000000000000000001000000")
                    || addr.equals("0000000000000000FFFF00000100007F");
            assertTrue(loopback4 || loopback6, "a socket listens beyond loopback: " + local);
        }
    }

    private static Set<String> socketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // the descriptor closed while listing
                }
            }
        }
        return inodes;
    }
}
