// The versions a new landing-zone project is created with: those this
// library is built and tested with (its own lock file), so that a new project
// installs what was tested, also from a warm npm cache without the registry.
// test/project.new.test.ts fails when they drift from the library's own.
export const PINNED_VERSIONS = {
  'aws-cdk-lib': '2.252.0',
  'constructs': '10.5.1',
  'aws-cdk': '2.1148.1',
  'projen': '0.103.25',
  'typescript': '6.0.3',
  'ts-node': '10.9.2',
  '@types/node': '26.6.6',
} as const;

/** `name@version` of each pinned package, for `npm install`. */
export const PINNED_SPECS = Object.entries(PINNED_VERSIONS).map(([name, version]) => `${name}@${version}`);
