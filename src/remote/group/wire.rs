//! What the processes of a group commit write to each other: requests
//! (`req-NONCE`) and answers (`ans-NONCE`), as small text files.

use crate::remote::Oid;
use crate::remote::git::transport::{PushRef, RefStatus};
use crate::remote::layout;

/// What a process asks the group to push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// One ref, with its own lease.
    Ref(PushRef),
    /// A new document straight into the archive on the branch (its path
    /// there, and its content): the pusher writes every such request
    /// waiting into one commit on the branch
    /// ([`adds`](super::adds)).
    Archive { path: String, bytes: Vec<u8> },
}

impl Request {
    /// What makes two requests the same push: the ref, or the archive path.
    pub(super) fn key(&self) -> &str {
        match self {
            Request::Ref(r) => &r.name,
            Request::Archive { path, .. } => path,
        }
    }

    pub(super) fn encode(&self) -> Vec<u8> {
        match self {
            Request::Ref(r) => encode_ref(r).into_bytes(),
            Request::Archive { path, bytes } => {
                let mut out = format!("{ARCHIVE}\n{path}\n{}\n", bytes.len()).into_bytes();
                out.extend_from_slice(bytes);
                out
            }
        }
    }

    pub(super) fn decode(bytes: &[u8]) -> Option<Request> {
        let Some(rest) = bytes.strip_prefix(format!("{ARCHIVE}\n").as_bytes()) else {
            return decode_ref(std::str::from_utf8(bytes).ok()?).map(Request::Ref);
        };
        let (path, rest) = split_line(rest)?;
        let (len, content) = split_line(rest)?;
        let len: usize = len.parse().ok()?;
        layout::parse_archive_path(path)?;
        (content.len() == len).then(|| Request::Archive {
            path: path.to_string(),
            bytes: content.to_vec(),
        })
    }
}

const ARCHIVE: &str = "archive";

fn split_line(bytes: &[u8]) -> Option<(&str, &[u8])> {
    let end = bytes.iter().position(|b| *b == b'\n')?;
    Some((std::str::from_utf8(&bytes[..end]).ok()?, &bytes[end + 1..]))
}

/// What the remote did with one ref of a grouped push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Landed (or had landed: "up to date").
    Accepted,
    /// The ref was not at its lease.
    Moved,
    /// A lock file on the remote was in the way (its path).
    Locked(String),
    /// Refused for good, with git's reason.
    Refused(String),
}

impl Answer {
    pub(super) fn encode(&self) -> String {
        match self {
            Answer::Accepted => "accepted\n".into(),
            Answer::Moved => "moved\n".into(),
            Answer::Locked(path) => format!("locked {}\n", one_line(path)),
            Answer::Refused(why) => format!("refused {}\n", one_line(why)),
        }
    }

    pub(super) fn decode(text: &str) -> Option<Answer> {
        let line = text.strip_suffix('\n')?;
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        Some(match word {
            "accepted" => Answer::Accepted,
            "moved" => Answer::Moved,
            "locked" => Answer::Locked(rest.to_string()),
            "refused" => Answer::Refused(rest.to_string()),
            _ => return None,
        })
    }

    pub(super) fn of(status: &RefStatus, lock: Option<String>) -> Answer {
        match (status, lock) {
            (RefStatus::Accepted, _) => Answer::Accepted,
            (RefStatus::Refused(why), _) => Answer::Refused(why.clone()),
            (RefStatus::Moved(_), Some(lock)) => Answer::Locked(lock),
            (RefStatus::Moved(_), None) => Answer::Moved,
        }
    }
}

fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

fn encode_ref(r: &PushRef) -> String {
    let oid = |o: &Option<Oid>| o.as_ref().map(Oid::to_string).unwrap_or_default();
    format!("{}\n{}\n{}\n", r.name, oid(&r.new), oid(&r.expect))
}

fn decode_ref(text: &str) -> Option<PushRef> {
    let mut lines = text.split('\n');
    let name = lines.next()?.to_string();
    let oid = |s: Option<&str>| -> Option<Option<Oid>> {
        match s? {
            "" => Some(None),
            hex => Oid::parse(hex).map(Some),
        }
    };
    let new = oid(lines.next())?;
    let expect = oid(lines.next())?;
    (name.starts_with("refs/") && lines.next() == Some("")).then_some(PushRef { name, new, expect })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_requests_read_back_as_written() {
        let r = Request::Archive {
            path: layout::archive_path(crate::remote::DocKind::Task, "t-1"),
            bytes: b"{\n\"a\": 1}\n".to_vec(),
        };
        assert_eq!(Request::decode(&r.encode()), Some(r.clone()));
        let mut cut = r.encode();
        cut.pop();
        assert_eq!(Request::decode(&cut), None, "cut short");
        let stray = b"archive\n../x\n0\n";
        assert_eq!(Request::decode(stray), None, "not an archive path");
    }

    #[test]
    fn requests_and_answers_read_back_as_written() {
        let a = Oid::parse("1f66ada68338f0f77431fdaf5a19cc2efc75c240");
        for r in [
            PushRef {
                name: "refs/fed/b/tasks/x".into(),
                new: a.clone(),
                expect: None,
            },
            PushRef {
                name: "refs/fed/b/tasks/y".into(),
                new: None,
                expect: a.clone(),
            },
        ] {
            assert_eq!(decode_ref(&encode_ref(&r)), Some(r));
        }
        assert_eq!(decode_ref("refs/x\nnot-an-oid\n\n"), None);
        assert_eq!(decode_ref("refs/x\n\n"), None, "cut short");
        for answer in [
            Answer::Accepted,
            Answer::Moved,
            Answer::Locked("/srv/r.git/refs/fed/b/tasks/x.lock".into()),
            Answer::Refused("pre-receive hook\ndeclined".into()),
        ] {
            let back = Answer::decode(&answer.encode()).unwrap();
            match (&answer, back) {
                (Answer::Refused(_), Answer::Refused(why)) => {
                    assert_eq!(why, "pre-receive hook declined");
                }
                (a, b) => assert_eq!(*a, b),
            }
        }
        assert_eq!(Answer::decode("accepted"), None, "cut short");
        assert_eq!(Answer::decode("maybe\n"), None);
    }
}
