/** Review and re-review bodies (复查、复核机关, Art. 35–36) from the organisation tree: pure. See docs/appeals.md. */
export * from './appeal-body';
