//! Texts shared by several test files.

/// A glued heading whose title an inline code span hides (so it has no fix)
/// on a line indented by four spaces, below another glued heading: once that
/// one is on its own line, the indented line is an indented code block, the
/// code span is gone, and the hidden heading is found. `--fix` needs three
/// passes: move Timeline, move Root Cause, then insert the two skeletons.
pub const HIDDEN_GLUED: &str = "# Outage\n\nAll users were affected.Timeline in UTC\n    `alerts fire.Root Cause\n` a bad deploy.\n";

/// What `--fix` makes of [`HIDDEN_GLUED`].
pub const HIDDEN_GLUED_FIXED: &str = "# Outage\n\nAll users were affected.\n\n\
     ## Issue Summary\n\nTODO: write the Issue Summary section.\n\n\
     ## Timeline in UTC\n    `alerts fire.\n\n## Root Cause\n` a bad deploy.\n\n\
     ## Corrective Measures\n\nTODO: write the Corrective Measures section.\n";
