package org.newsroom.ads.inventory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A creative or slot size in CSS pixels, written {@code 728x90} on the wire. */
public record AdSize(int width, int height) {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,4})x(\\d{1,4})");

    public AdSize {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("width and height must be positive");
        }
    }

    /** Parses {@code WIDTHxHEIGHT}; throws {@link IllegalArgumentException} naming the expected form. */
    public static AdSize parse(String text) {
        Matcher matcher = text == null ? null : FORMAT.matcher(text.trim());
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("size must look like 728x90");
        }
        return new AdSize(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
