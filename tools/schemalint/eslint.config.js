// graphql-eslint rules Cockpit's served schema must pass (issue 18): a
// description on everything, and GraphQL's naming conventions. The schema is
// the SDL check.sh prints (SCHEMALINT_SDL); lint.mjs lints that same text.
import graphql from "@graphql-eslint/eslint-plugin";

export default [
  {
    files: ["**/*.graphql"],
    languageOptions: {
      parser: graphql.parser,
      parserOptions: { graphQLConfig: { schema: process.env.SCHEMALINT_SDL } },
    },
    plugins: { "@graphql-eslint": graphql },
    rules: {
      "@graphql-eslint/require-description": ["error", {
        types: true,
        rootField: true,
        FieldDefinition: true,
        InputValueDefinition: true,
        EnumValueDefinition: true,
        DirectiveDefinition: true,
        ScalarTypeDefinition: true,
      }],
      "@graphql-eslint/naming-convention": ["error", {
        types: "PascalCase",
        FieldDefinition: "camelCase",
        InputValueDefinition: "camelCase",
        EnumValueDefinition: "UPPER_CASE",
      }],
      "@graphql-eslint/unique-enum-value-names": "error",
    },
  },
];
