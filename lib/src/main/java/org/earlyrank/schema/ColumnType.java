package org.earlyrank.schema;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The column types EarlyRank tables use, each with its Spark type and its Parquet encoding.
 *
 * <p>Arrays and maps use the standard three-level Parquet LIST and MAP layouts, so Spark, DuckDB,
 * pyarrow and pandas read them without configuration.
 */
public enum ColumnType {
    STRING("string"),
    INT("int"),
    LONG("bigint"),
    DOUBLE("double"),
    FLOAT("float"),
    BOOLEAN("boolean"),
    /** Array of non-null floats (features, head weights). */
    FLOAT_ARRAY("array<float>"),
    /** Map from string to non-null double (hyperparameters). */
    STRING_DOUBLE_MAP("map<string,double>");

    private final String sqlName;

    ColumnType(String sqlName) {
        this.sqlName = sqlName;
    }

    /** The type as Spark SQL and the docs print it. */
    public String sqlName() {
        return sqlName;
    }

    public DataType sparkType() {
        return switch (this) {
            case STRING -> DataTypes.StringType;
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case FLOAT -> DataTypes.FloatType;
            case BOOLEAN -> DataTypes.BooleanType;
            case FLOAT_ARRAY -> DataTypes.createArrayType(DataTypes.FloatType, false);
            case STRING_DOUBLE_MAP -> DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false);
        };
    }

    Type parquetType(String name, boolean nullable) {
        Type.Repetition rep = nullable ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
        return switch (this) {
            case STRING -> Types.primitive(PrimitiveTypeName.BINARY, rep)
                    .as(LogicalTypeAnnotation.stringType()).named(name);
            case INT -> Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
            case LONG -> Types.primitive(PrimitiveTypeName.INT64, rep).named(name);
            case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
            case FLOAT -> Types.primitive(PrimitiveTypeName.FLOAT, rep).named(name);
            case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
            case FLOAT_ARRAY -> Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
                    .repeatedGroup()
                    .required(PrimitiveTypeName.FLOAT).named("element")
                    .named("list")
                    .named(name);
            case STRING_DOUBLE_MAP -> Types.buildGroup(rep).as(LogicalTypeAnnotation.mapType())
                    .repeatedGroup()
                    .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("key")
                    .required(PrimitiveTypeName.DOUBLE).named("value")
                    .named("key_value")
                    .named(name);
        };
    }

    /** The type a Spark schema read back from Parquet shows for this column, ignoring nullability. */
    boolean matchesSpark(DataType type) {
        DataType mine = sparkType();
        if (this == FLOAT_ARRAY) {
            return type instanceof org.apache.spark.sql.types.ArrayType a
                    && a.elementType().equals(DataTypes.FloatType);
        }
        if (this == STRING_DOUBLE_MAP) {
            return type instanceof org.apache.spark.sql.types.MapType m
                    && m.keyType().equals(DataTypes.StringType) && m.valueType().equals(DataTypes.DoubleType);
        }
        return mine.equals(type);
    }
}
