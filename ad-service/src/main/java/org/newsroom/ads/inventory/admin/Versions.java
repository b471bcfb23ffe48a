package org.newsroom.ads.inventory.admin;

import org.newsroom.ads.inventory.store.InventoryStore;
import org.newsroom.platform.web.ConflictException;
import org.newsroom.platform.web.InvalidRequestException;
import org.newsroom.platform.web.NotFoundException;

/** Optimistic locking for the admin API: an update names the version it was based on. */
final class Versions {

    private Versions() {
    }

    static long required(Long version) {
        if (version == null) {
            throw new InvalidRequestException("version", "is required to update: send the version you read");
        }
        if (version < 0) {
            throw new InvalidRequestException("version", "must be 0 or more");
        }
        return version;
    }

    static void sameKey(String field, String inPath, String inBody) {
        if (inBody != null && !inBody.equals(inPath)) {
            throw new InvalidRequestException(field, "cannot be changed; it must equal the one in the path");
        }
    }

    /** Replaces the entity if still at {@code expected}; otherwise 404 if it is gone, or 409 if it moved on. */
    static <T> void replaceOrFail(InventoryStore store, Class<T> type, String id, long expected, T replacement,
            String what) {
        if (store.replace(id, expected, replacement)) {
            return;
        }
        if (!store.exists(type, id)) {
            throw new NotFoundException("No " + what + " with id '" + id + "'.");
        }
        throw new ConflictException("The " + what + " '" + id + "' was changed by someone else since version "
                + expected + "; read it again and reapply your change.");
    }
}
