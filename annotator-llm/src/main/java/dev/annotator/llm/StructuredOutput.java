package dev.annotator.llm;

/** How the answer format is enforced on the provider's side; the prompt always describes it. */
public enum StructuredOutput {
    /** A JSON schema built from the label set ({@code response_format: json_schema}). */
    JSON_SCHEMA,
    /** JSON mode without a schema ({@code response_format: json_object}). */
    JSON_OBJECT,
    /** Nothing beyond the prompt, for providers that support neither. */
    PROMPT_ONLY
}
