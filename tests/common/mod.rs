//! Texts shared by several test files.

/// A glued heading, then a heading in an HTML block whose block hides a
/// second glued heading: once the first fixes have put a blank line before
/// the HTML block's heading, the lines after it are Markdown and the second
/// glued heading is found. `--fix` needs three passes: move Timeline and
/// end the HTML block, move Corrective Measures, then insert the Issue
/// Summary skeleton (no Corrective Measures skeleton).
pub const HIDDEN_GLUED: &str = "# Outage\n\nAll users were affected.Timeline in UTC\n<div>\n## Root Cause\nA bad deploy.Corrective Measures\nAdd a check.\n";

/// What `--fix` makes of [`HIDDEN_GLUED`].
pub const HIDDEN_GLUED_FIXED: &str = "# Outage\n\nAll users were affected.\n\n\
     ## Issue Summary\n\nTODO: write the Issue Summary section.\n\n\
     ## Timeline in UTC\n<div>\n\n## Root Cause\nA bad deploy.\n\n\
     ## Corrective Measures\nAdd a check.\n";
