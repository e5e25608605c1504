package io.credence.rules.audit.proof;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Leaves and helpers the proof tests share. */
final class ProofFixtures {

    /** The Certificate Transparency / RFC 6962 reference leaves (as hex). */
    static final List<String> CT_LEAVES = List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f");

    private ProofFixtures() {
    }

    static List<byte[]> ctLeaves() {
        return CT_LEAVES.stream().map(h -> HexFormat.of().parseHex(h)).toList();
    }

    /** Distinct leaf data: leaf i is "leaf-i". */
    static List<byte[]> leaves(int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(("leaf-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }

    static MerkleTree treeOf(List<byte[]> leaves) {
        MerkleTree tree = new MerkleTree(new InMemoryTreeNodes());
        for (byte[] leaf : leaves) {
            tree.append(leaf);
        }
        return tree;
    }

    static List<Hash> hashes(List<byte[]> raw) {
        return raw.stream().map(Hash::new).toList();
    }

    static List<Hash> hex(String... hex) {
        return java.util.Arrays.stream(hex).map(Hash::ofHex).toList();
    }

    static Hash flipped(Hash hash, int bit) {
        byte[] b = hash.bytes();
        b[bit / 8 % Hash.LENGTH] ^= (byte) (1 << (bit % 8));
        return new Hash(b);
    }

    /** The list with element i replaced by its hash with one bit flipped. */
    static List<Hash> flippedAt(List<Hash> path, int i) {
        List<Hash> copy = new ArrayList<>(path);
        copy.set(i, flipped(copy.get(i), 0));
        return copy;
    }
}
