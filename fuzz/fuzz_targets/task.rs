//! The task parser on arbitrary bytes: `Task::from_json` never panics, its
//! error is one line, and a task it accepts survives a rewrite: `to_json`
//! gives text that parses again to an equal task and renders to the same
//! bytes (what `fed` writes, it can read back, and nothing changes on the
//! way).
#![no_main]

use fed::model::Task;
use libfuzzer_sys::fuzz_target;

#[path = "known.rs"]
mod known;

fuzz_target!(|data: &[u8]| {
    let task = match Task::from_json(data) {
        Ok(task) => task,
        Err(msg) => {
            known::assert_one_line(&msg);
            return;
        }
    };
    let text = task.to_json();
    if known::tolerated("time-range") && times(&task).iter().any(known::out_of_range) {
        return;
    }
    let again = Task::from_json(&text).unwrap_or_else(|msg| {
        panic!(
            "a task that parsed does not parse after to_json: {msg}\n{}",
            String::from_utf8_lossy(&text)
        )
    });
    let mut task = task;
    if again != task && known::tolerated("time-precision") {
        in_millis(&mut task);
    }
    if again != task && known::tolerated("float-roundtrip") {
        let (a, b) = (
            serde_json::to_value(&again).unwrap(),
            serde_json::to_value(&task).unwrap(),
        );
        assert!(
            known::nearly_equal(&a, &b),
            "to_json changed the task (beyond float precision):\n{a:#}\n{b:#}"
        );
        return;
    }
    assert_eq!(again, task, "to_json changed the task");
    assert_eq!(again.to_json(), text, "to_json is not stable");
});

/// Every time in a task, cut to milliseconds.
fn in_millis(task: &mut Task) {
    known::millis(&mut task.created_at);
    known::millis(&mut task.updated_at);
    if let Some(lease) = &mut task.lease {
        known::millis(&mut lease.claimed_at);
        known::millis(&mut lease.expires_at);
    }
    if let Some(blocked) = &mut task.blocked {
        known::millis(&mut blocked.at);
    }
    if let Some(result) = &mut task.result {
        known::millis(&mut result.finished_at);
        if let Some(started) = &mut result.started_at {
            known::millis(started);
        }
    }
    for entry in &mut task.history {
        known::millis(&mut entry.at);
    }
}

/// Every time in a task.
fn times(task: &Task) -> Vec<chrono::DateTime<chrono::Utc>> {
    let mut all = vec![task.created_at, task.updated_at];
    if let Some(lease) = &task.lease {
        all.extend([lease.claimed_at, lease.expires_at]);
    }
    all.extend(task.blocked.as_ref().map(|b| b.at));
    if let Some(result) = &task.result {
        all.push(result.finished_at);
        all.extend(result.started_at);
    }
    all.extend(task.history.iter().map(|h| h.at));
    all
}
