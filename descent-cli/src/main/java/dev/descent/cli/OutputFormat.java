package dev.descent.cli;

/** The values of {@code --format}. */
enum OutputFormat {
    text, json
}
