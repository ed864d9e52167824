//! Votes through the real binary (see the module files).
