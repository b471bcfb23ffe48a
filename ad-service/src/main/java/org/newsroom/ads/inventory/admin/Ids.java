package org.newsroom.ads.inventory.admin;

import java.security.SecureRandom;

/** Short, unguessable, URL-safe ids with a prefix naming the kind: {@code cmp_k3j9x0q2m8ad}. */
final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static String next(String prefix) {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return prefix + "_" + new String(id);
    }
}
