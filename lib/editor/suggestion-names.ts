/**
 * The names of the suggestion marks and block attribute (the contract of issue 19), in a module
 * without dependencies, so the page shell can look for suggestions without loading the editor.
 */
export const SUGGESTION_INSERT = "suggestionInsert";
export const SUGGESTION_DELETE = "suggestionDelete";
export const BLOCK_SUGGESTION_ATTRIBUTE = "suggestion";
