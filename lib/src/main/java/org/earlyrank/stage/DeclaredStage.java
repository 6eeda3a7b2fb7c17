package org.earlyrank.stage;

import java.util.List;

import org.earlyrank.config.Section;
import org.earlyrank.schema.TableSchema;

/**
 * A stage whose declaration (name, root or not, inputs, outputs, sections) is fixed when it is built: what
 * every EarlyRank stage extends, so each one states its contract in one constructor call.
 */
public abstract class DeclaredStage implements Stage {
    private final String name;
    private final boolean root;
    private final List<TableInput> inputs;
    private final List<TableSchema> outputs;
    private final List<Section<?>> sections;

    protected DeclaredStage(String name, boolean root, List<TableInput> inputs, List<TableSchema> outputs,
                            List<Section<?>> sections) {
        this.name = name;
        this.root = root;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.sections = List.copyOf(sections);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean root() {
        return root;
    }

    @Override
    public final List<TableInput> inputs() {
        return inputs;
    }

    @Override
    public final List<TableSchema> outputs() {
        return outputs;
    }

    @Override
    public final List<Section<?>> sections() {
        return sections;
    }

    @Override
    public String toString() {
        return "stage " + name;
    }
}
