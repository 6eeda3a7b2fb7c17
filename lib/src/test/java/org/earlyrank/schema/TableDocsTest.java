package org.earlyrank.schema;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TableDocsTest {
    static final Path DOC = Path.of("..", "docs", "tables.md");

    @Test
    void committedReferenceIsCurrent() throws Exception {
        String expected = TableDocs.render();
        String committed = Files.isRegularFile(DOC) ? Files.readString(DOC) : "";
        assertEquals(expected, committed, "docs/tables.md is out of date with the schema classes: run `bin/earlyrank docs` "
                + "and commit docs/tables.md");
    }

    @Test
    void everyDeclaredTableIsRegistered() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<?> c : schemaClasses()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals("TABLE") && f.getType() == TableSchema.class && Modifier.isStatic(f.getModifiers())) {
                    TableSchema t = (TableSchema) f.get(null);
                    if (!Tables.ALL.contains(t)) {
                        missing.add(c.getSimpleName());
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "add these to schema/Tables.ALL (then run bin/earlyrank docs): " + missing);
        assertTrue(Tables.ALL.size() >= 6);
        assertEquals(Tables.ALL.size(), Tables.ALL.stream().map(TableSchema::name).distinct().count(), "unique names");
    }

    @Test
    void referenceListsEachColumnWithTypeNullabilityAndMeaning() {
        String md = TableDocs.render();
        assertTrue(md.contains("\n## runs\n\nOne row per training run.\n"), md);
        assertTrue(md.contains("| `hparams` | map<string,double> | yes | Every numeric setting of the run, the columns above included. |"));
        assertTrue(md.contains("| `run_id` | string | no | Run identifier, unique within the sweep. |"));
    }

    private static List<Class<?>> schemaClasses() throws URISyntaxException, ClassNotFoundException {
        File dir = new File(Tables.class.getResource("Tables.class").toURI()).getParentFile();
        List<Class<?>> out = new ArrayList<>();
        for (String n : dir.list()) {
            if (n.endsWith(".class") && !n.contains("$")) {
                out.add(Class.forName("org.earlyrank.schema." + n.substring(0, n.length() - 6)));
            }
        }
        return out;
    }
}
