//! Size limits on everything a user can send. Each is generous for real writing and small enough
//! that one request cannot fill a disk or stall a renderer.

/// Characters in a thread title or space name.
pub const TITLE_MAX_CHARS: usize = 200;
/// Characters in a post body (an hour-long lesson learned fits many times over).
pub const BODY_MAX_CHARS: usize = 50_000;
/// Characters in a library document's body: full statements and reports run long.
pub const DOCUMENT_BODY_MAX_CHARS: usize = 500_000;
pub const DISPLAY_NAME_MAX_CHARS: usize = 80;
pub const SPACE_NAME_MAX_CHARS: usize = 100;
pub const DESCRIPTION_MAX_CHARS: usize = 2_000;
pub const ORGANIZATION_NAME_MAX_CHARS: usize = 200;
pub const SLUG_MIN_CHARS: usize = 3;
pub const SLUG_MAX_CHARS: usize = 64;
pub const TAG_MAX_CHARS: usize = 40;
pub const TAGS_MAX: usize = 10;
pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 256;
/// RFC 5321's limit on a forward path.
pub const EMAIL_MAX_CHARS: usize = 254;
/// Relay page size: the default and the cap.
pub const PAGE_DEFAULT: usize = 20;
pub const PAGE_MAX: usize = 100;
