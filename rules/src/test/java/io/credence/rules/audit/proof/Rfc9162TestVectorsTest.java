package io.credence.rules.audit.proof;

import static io.credence.rules.audit.proof.ProofFixtures.ctLeaves;
import static io.credence.rules.audit.proof.ProofFixtures.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The published Certificate Transparency test vectors (RFC 6962 data, also in Trillian and
 * transparency-dev/merkle): what makes this tree interoperable rather than merely consistent.
 */
class Rfc9162TestVectorsTest {

    /** Roots of the reference leaves for tree sizes 0..8. */
    static final List<String> ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private final MerkleTree tree = ProofFixtures.treeOf(ctLeaves());

    @Test
    void theEmptyTreeHasTheSha256OfNothingAsRoot() {
        assertEquals(ROOTS.get(0), MerkleHashes.EMPTY_ROOT.hex());
        assertEquals(ROOTS.get(0), tree.root(0).hex());
        assertEquals(ROOTS.get(0), new MerkleTree(new InMemoryTreeNodes()).root().hex());
    }

    @Test
    void everyHistoricRootMatchesThePublishedOne() {
        for (int size = 0; size <= 8; size++) {
            assertEquals(ROOTS.get(size), tree.root(size).hex(), "root of size " + size);
            assertEquals(ROOTS.get(size), new Hash(ReferenceMerkle.mth(ctLeaves().subList(0, size))).hex(),
                    "reference root of size " + size);
        }
    }

    @Test
    void theLeafHashPrefixesZeroAndTheNodeHashPrefixesOne() {
        assertEquals(ROOTS.get(1), MerkleHashes.leafHash(new byte[0]).hex());
        assertEquals(ROOTS.get(2), MerkleHashes.nodeHash(tree.leafHash(0), tree.leafHash(1)).hex());
    }

    private record Inclusion(long leafIndex, long treeSize, List<Hash> path) {
    }

    static final List<Inclusion> INCLUSION = List.of(
            new Inclusion(0, 8, hex("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new Inclusion(5, 8, hex("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new Inclusion(2, 3, hex("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
            new Inclusion(1, 5, hex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
            new Inclusion(0, 1, List.of()));

    @Test
    void inclusionProofsAreThePublishedOnesAndVerify() {
        for (Inclusion v : INCLUSION) {
            InclusionProof proof = tree.inclusionProof(v.leafIndex(), v.treeSize());
            assertEquals(v.path(), proof.path(), "path of leaf " + v.leafIndex() + " in tree " + v.treeSize());
            Verification check = ProofVerifier.verifyInclusion(tree.leafHash(v.leafIndex()), v.leafIndex(),
                    v.treeSize(), v.path(), Hash.ofHex(ROOTS.get((int) v.treeSize())));
            assertTrue(check.valid(), check.problem());
        }
    }

    private record Consistency(long oldSize, long newSize, List<Hash> path) {
    }

    static final List<Consistency> CONSISTENCY = List.of(
            new Consistency(1, 1, List.of()),
            new Consistency(1, 8, hex("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new Consistency(6, 8, hex("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new Consistency(2, 5, hex("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
            new Consistency(2, 8, hex("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")));

    @Test
    void consistencyProofsAreThePublishedOnesAndVerify() {
        for (Consistency v : CONSISTENCY) {
            ConsistencyProof proof = tree.consistencyProof(v.oldSize(), v.newSize());
            assertEquals(v.path(), proof.path(), "proof from " + v.oldSize() + " to " + v.newSize());
            Verification check = ProofVerifier.verifyConsistency(v.oldSize(), v.newSize(),
                    Hash.ofHex(ROOTS.get((int) v.oldSize())), Hash.ofHex(ROOTS.get((int) v.newSize())), v.path());
            assertTrue(check.valid(), check.problem());
        }
    }
}
