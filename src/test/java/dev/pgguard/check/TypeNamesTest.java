package dev.pgguard.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TypeNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "int4|integer", "INTEGER|integer", "int|integer", "serial|integer", "int8|bigint", "bigserial|bigint",
            "int2|smallint", "bool|boolean", "float8|double precision", "float4|real",
            "varchar(100)|character varying(100)", "VARCHAR (100)|character varying(100)",
            "character varying(100)|character varying(100)", "varchar|character varying",
            "char(3)|character(3)", "numeric(10, 2)|numeric(10,2)", "decimal(10,2)|numeric(10,2)",
            "timestamptz|timestamp with time zone", "timestamp|timestamp without time zone",
            "timestamptz(3)|timestamp(3) with time zone", "timestamp(6)|timestamp(6) without time zone",
            "timestamp  with   time zone|timestamp with time zone", "timetz|time with time zone",
            "text[]|text[]", "int4[]|integer[]", "varchar(10)[]|character varying(10)[]",
            "\"ConditionStatus\"|\"ConditionStatus\"", "ConditionStatus|conditionstatus",
            "service_ops.\"ConfigCategory\"|service_ops.\"ConfigCategory\"", "jsonb|jsonb", "uuid|uuid"})
    void normalisesToFormatTypeForm(String written, String formatType) {
        assertThat(TypeNames.normalize(written)).isEqualTo(formatType);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "service_ops.\"ConfigCategory\"|service_ops|\"ConfigCategory\"",
            "\"Service\".\"X\"|Service|\"X\"",
            "public.t|service_ops|public.t"})
    void unqualifiesOnlyTheTypesOwnSchema(String formatted, String schema, String expected) {
        assertThat(TypeNames.unqualify(formatted, schema)).isEqualTo(expected);
    }
}
