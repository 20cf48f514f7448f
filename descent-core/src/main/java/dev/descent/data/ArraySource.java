package dev.descent.data;

/** Where a dense data set's arrays come from, which says what its constructor must copy and check. */
enum ArraySource {
    /** A caller that may change them later: copied, and checked. */
    CALLER,
    /** A reader that hands them over: taken as they are, and checked. */
    READER,
    /** Features taken from a data set that has checked them: only the target is checked. */
    DERIVED
}
