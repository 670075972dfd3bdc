import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for every operation in src/graphql/*.graphql, from the schema the server serves today.
// Documents are emitted as strings (documentMode: 'string'), so the app ships no GraphQL parser.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: 'src/graphql/*.graphql',
  generates: {
    'src/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: false },
        scalars: { DateTime: 'string', ID: 'string' },
        skipTypename: true,
        dedupeFragments: true,
      },
    },
  },
  hooks: {},
  silent: true,
};
export default config;
