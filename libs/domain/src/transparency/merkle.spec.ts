import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  EMPTY_TREE_ROOT,
  MerkleLog,
  StreamingRoot,
  hashFromHex,
  hashToHex,
  leafHash,
  nodeHash,
  rootFromInclusionProof,
  rootOfLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

/*
 * Test vectors: the 8-leaf tree shared by certificate-transparency-go, Trillian and transparency-dev/merkle
 * (RFC 6962 hashing). Leaves, roots per size, inclusion proofs and consistency proofs are copied as data
 * from github.com/transparency-dev/merkle, proof/verify_test.go (commit 02194e9afb6c1d95b5381350007963aa70fff472;
 * the same values are in google/trillian merkle/log_verifier_test.go and
 * certificate-transparency-go merkletree/merkle_verifier_test.go). In that file the inclusion vectors
 * number leaves from 1; here indices are 0-based.
 */
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map((h) => Buffer.from(h, 'hex'));

/** ROOTS[i] = MTH of the first i + 1 leaves. */
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const INCLUSION: { index: number; size: number; proof: string[] }[] = [
  { index: 0, size: 1, proof: [] },
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const CONSISTENCY: { size1: number; size2: number; proof: string[] }[] = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const SOME_HASH = hashFromHex('abacaba000000000000000000000000000000000000000000060061e00123456');

function referenceLog(): MerkleLog {
  const log = new MerkleLog();
  LEAVES.forEach((leaf) => log.append(leaf));
  return log;
}

/** MTH straight from RFC 9162 §2.1.1's recursive definition, to check the cached tree against. */
function naiveRoot(hashes: readonly Buffer[]): Buffer {
  if (hashes.length === 0) return createHash('sha256').digest();
  if (hashes.length === 1) return hashes[0];
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return nodeHash(naiveRoot(hashes.slice(0, k)), naiveRoot(hashes.slice(k)));
}

const hex = (hashes: readonly Uint8Array[]): string[] => hashes.map(hashToHex);
const flip = (hash: Uint8Array, bit: number): Buffer => {
  const copy = Buffer.from(hash);
  copy[0] ^= 1 << bit;
  return copy;
};

describe('RFC 6962 hashing', () => {
  it('hashes leaves with 0x00 and nodes with 0x01', () => {
    expect(hashToHex(leafHash(Buffer.alloc(0)))).toBe(ROOTS[0]);
    expect(leafHash('abc')).toEqual(
      createHash('sha256')
        .update(Buffer.from([0]))
        .update('abc')
        .digest(),
    );
    const [a, b] = [leafHash('a'), leafHash('b')];
    expect(nodeHash(a, b)).toEqual(
      createHash('sha256')
        .update(Buffer.from([1]))
        .update(a)
        .update(b)
        .digest(),
    );
    expect(() => nodeHash(a, Buffer.alloc(31))).toThrow(RangeError);
  });

  it('gives the empty tree the hash of the empty string', () => {
    expect(hashToHex(new MerkleLog().rootAt(0))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(new StreamingRoot().root()).toEqual(EMPTY_TREE_ROOT);
  });

  it.each(ROOTS.map((root, i) => [i + 1, root]))('matches the published root of size %i', (size, root) => {
    const log = referenceLog();
    expect(hashToHex(log.rootAt(size as number))).toBe(root);
    expect(hashToHex(rootOfLeafHashes(LEAVES.slice(0, size as number).map((l) => leafHash(l))))).toBe(root);
  });
});

describe('inclusion proofs (published vectors)', () => {
  it.each(INCLUSION)(
    'leaf $index of $size: generated as published and verified',
    ({ index, size, proof }) => {
      const log = referenceLog();
      const leaf = leafHash(LEAVES[index]);
      const root = hashFromHex(ROOTS[size - 1]);
      const path = proof.map(hashFromHex);
      expect(hex(log.inclusionProof(index, size))).toEqual(proof);
      expect(verifyInclusion(index, size, leaf, path, root)).toBe(true);
      expect(rootFromInclusionProof(index, size, leaf, path)).toEqual(root);
    },
  );

  it.each(INCLUSION.filter((v) => v.proof.length > 0))(
    'leaf $index of $size: every corruption is refused',
    ({ index, size, proof }) => {
      const leaf = leafHash(LEAVES[index]);
      const root = hashFromHex(ROOTS[size - 1]);
      const path = proof.map(hashFromHex);
      const probes: [number, number, Uint8Array, Uint8Array[], Uint8Array][] = [
        [index - 1, size, leaf, path, root],
        [index + 1, size, leaf, path, root],
        [index ^ 2, size, leaf, path, root],
        [index, size * 2, leaf, path, root],
        [index, Math.floor(size / 2), leaf, path, root],
        [index, size, leafHash('WrongLeaf'), path, root],
        [index, size, leaf, path, EMPTY_TREE_ROOT],
        [index, size, leaf, path, SOME_HASH],
        [index, size, leaf, [...path, root], root],
        [index, size, leaf, [root, ...path], root],
        [index, size, leaf, [...path, Buffer.alloc(0)], root],
        [index, size, leaf, path.slice(0, -1), root],
        [index, size, leaf, [path[0], SOME_HASH, ...path.slice(1)], root],
        ...path.map((_, i): [number, number, Uint8Array, Uint8Array[], Uint8Array] => [
          index,
          size,
          leaf,
          path.map((p, j) => (j === i ? flip(p, 3) : p)),
          root,
        ]),
      ];
      for (const [i, s, l, p, r] of probes) expect(verifyInclusion(i, s, l, p, r)).toBe(false);
    },
  );

  it('refuses impossible positions without throwing', () => {
    for (const [index, size] of [
      [0, 0],
      [1, 0],
      [2, 1],
      [-1, 4],
    ]) {
      expect(verifyInclusion(index, size, SOME_HASH, [], EMPTY_TREE_ROOT)).toBe(false);
    }
    const one = leafHash('data');
    expect(verifyInclusion(0, 1, one, [], one)).toBe(true);
    expect(verifyInclusion(0, 1, one, [], Buffer.alloc(0))).toBe(false);
  });
});

describe('consistency proofs (published vectors)', () => {
  it.each(CONSISTENCY)('$size1 → $size2: generated as published and verified', ({ size1, size2, proof }) => {
    const log = referenceLog();
    const [root1, root2] = [hashFromHex(ROOTS[size1 - 1]), hashFromHex(ROOTS[size2 - 1])];
    expect(hex(log.consistencyProof(size1, size2))).toEqual(proof);
    expect(verifyConsistency(size1, size2, root1, root2, proof.map(hashFromHex))).toBe(true);
  });

  it.each(CONSISTENCY.filter((v) => v.proof.length > 0))(
    '$size1 → $size2: every corruption is refused',
    ({ size1, size2, proof }) => {
      const [root1, root2] = [hashFromHex(ROOTS[size1 - 1]), hashFromHex(ROOTS[size2 - 1])];
      const path = proof.map(hashFromHex);
      const wrong = leafHash('WrongRoot');
      const probes: [number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
        [size1 - 1, size2, root1, root2, path],
        [size1 + 1, size2, root1, root2, path],
        [size1 ^ 2, size2, root1, root2, path],
        [size1, size2 * 2, root1, root2, path],
        [size1, Math.floor(size2 / 2), root1, root2, path],
        [size1, size2, wrong, root2, path],
        [size1, size2, root1, wrong, path],
        [size1, size2, root2, root1, path],
        [size1, size2, root1, root2, []],
        [size1, size2, root1, root2, [...path, root1]],
        [size1, size2, root1, root2, [...path, root2]],
        [size1, size2, root1, root2, [root1, ...path]],
        [size1, size2, root1, root2, [root2, ...path]],
        [size1, size2, root1, root2, [path[0], ...path]],
        [size1, size2, root1, root2, path.slice(0, -1)],
        ...path.map((_, i): [number, number, Uint8Array, Uint8Array, Uint8Array[]] => [
          size1,
          size2,
          root1,
          root2,
          path.map((p, j) => (j === i ? flip(p, 4) : p)),
        ]),
      ];
      for (const [s1, s2, r1, r2, p] of probes) expect(verifyConsistency(s1, s2, r1, r2, p)).toBe(false);
    },
  );

  it('handles the trivial sizes as the reference does', () => {
    const [a, b] = [leafHash('don’t care 1'), leafHash('don’t care 2')];
    expect(verifyConsistency(0, 0, a, a, [])).toBe(true);
    expect(verifyConsistency(0, 1, a, b, [])).toBe(true);
    expect(verifyConsistency(1, 1, b, b, [])).toBe(true);
    expect(verifyConsistency(0, 0, a, b, [])).toBe(false);
    expect(verifyConsistency(1, 1, a, b, [])).toBe(false);
    expect(verifyConsistency(1, 0, a, b, [])).toBe(false);
    expect(verifyConsistency(2, 1, a, b, [])).toBe(false);
    expect(verifyConsistency(1, 2, a, b, [])).toBe(false);
    expect(verifyConsistency(0, 1, EMPTY_TREE_ROOT, EMPTY_TREE_ROOT, [EMPTY_TREE_ROOT])).toBe(false);
    expect(verifyConsistency(1, 1, EMPTY_TREE_ROOT, EMPTY_TREE_ROOT, [EMPTY_TREE_ROOT])).toBe(false);
  });
});

describe('MerkleLog', () => {
  it('refuses sizes and indices outside the tree', () => {
    const log = referenceLog();
    expect(() => log.rootAt(9)).toThrow(RangeError);
    expect(() => log.inclusionProof(8, 8)).toThrow(RangeError);
    expect(() => log.consistencyProof(5, 4)).toThrow(RangeError);
    expect(() => log.leafHashAt(-1)).toThrow(RangeError);
    expect(() => log.appendLeafHash(Buffer.alloc(31))).toThrow(RangeError);
  });

  it('returns copies, so a caller cannot corrupt the cached tree', () => {
    const log = referenceLog();
    const root = log.rootAt(8);
    root.fill(0);
    log.inclusionProof(0, 8)[0].fill(0);
    expect(hashToHex(log.rootAt(8))).toBe(ROOTS[7]);
    expect(hex(log.inclusionProof(0, 8))).toEqual(INCLUSION[1].proof);
  });

  const leafHashes = fc.array(fc.uint8Array({ minLength: 0, maxLength: 12 }), {
    minLength: 1,
    maxLength: 140,
  });

  it('agrees with the recursive definition for every prefix, and with the streaming root', () => {
    fc.assert(
      fc.property(leafHashes, (leaves) => {
        const hashes = leaves.map((l) => leafHash(l));
        const log = MerkleLog.fromLeafHashes(hashes);
        const stream = new StreamingRoot();
        for (let m = 1; m <= hashes.length; m++) {
          stream.appendLeafHash(hashes[m - 1]);
          const expected = naiveRoot(hashes.slice(0, m));
          expect(log.rootAt(m)).toEqual(expected);
          expect(stream.root()).toEqual(expected);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('proves every leaf included and every earlier size consistent, for random appends', () => {
    fc.assert(
      fc.property(
        leafHashes.chain((leaves) =>
          fc.tuple(
            fc.constant(leaves),
            fc.integer({ min: 0, max: leaves.length }),
            fc.integer({ min: 1, max: leaves.length }),
          ),
        ),
        ([leaves, a, b]) => {
          const log = new MerkleLog();
          leaves.forEach((l) => log.append(l));
          const [m, n] = a <= b ? [a, b] : [b, a];
          const rootN = log.rootAt(n);
          for (let i = 0; i < n; i++) {
            expect(verifyInclusion(i, n, log.leafHashAt(i), log.inclusionProof(i, n), rootN)).toBe(true);
          }
          const proof = log.consistencyProof(m, n);
          expect(verifyConsistency(m, n, log.rootAt(m), rootN, proof)).toBe(true);
          // Proofs are O(log n): at most ⌈log2 n⌉ + 1 hashes.
          expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)) + 1);
          if (m > 0 && m < n) {
            expect(verifyConsistency(m, n, flip(log.rootAt(m), 0), rootN, proof)).toBe(false);
            expect(verifyConsistency(m, n, log.rootAt(m), flip(rootN, 0), proof)).toBe(false);
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('StreamingRoot.clone', () => {
  it('gives an independent copy that extends to the same heads as the original', () => {
    const original = new StreamingRoot();
    for (let i = 0; i < 5; i++) original.append(`leaf ${i}`);
    const copy = original.clone();
    copy.append('leaf 5');
    expect(original.size).toBe(5);
    expect(copy.size).toBe(6);
    const log = new MerkleLog();
    for (let i = 0; i < 6; i++) log.append(`leaf ${i}`);
    expect(original.root()).toEqual(log.rootAt(5));
    expect(copy.root()).toEqual(log.rootAt(6));
  });
});
