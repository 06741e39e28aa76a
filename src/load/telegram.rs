//! Telegram Desktop's JSON export, `result.json`: one chat, or a full export of many.
//!
//! A one-chat export is an object with the chat's `id`, `name` and `messages`; a full export
//! holds its chats under `chats.list`. Only messages of `type: message` are posts (service
//! messages, such as "pinned a message", are not). A message's `text` is a string, or an
//! array of strings and entity objects (`{"type": "bold", "text": "..."}`) whose texts are
//! joined. The author is `from` (a name), else `from_id`. Message ids are unique only within a
//! chat, so a post's id is `CHAT/MESSAGE`.
//!
//! The date is `date_unixtime` (a string of Unix seconds, taken as a UTC date) when the message
//! has one. Exports older than that field have only `date`, Telegram Desktop's local time
//! (`2019-06-10T19:31:22`), whose day is taken as written. Tools other than Telegram Desktop
//! that write the same shape write `date` in other ISO 8601 forms, with fractional seconds and
//! `Z` (`2017-01-01T06:20:09.248Z`) or an offset (`+06:00`): such a time names its instant, so
//! its day is the UTC day, as `date_unixtime` gives it; a time without `Z` or an offset is
//! local and its day is taken as written. A `date` in any other form (day first, words, Unix
//! milliseconds) is a problem at its path, never a guess. Such tools may also leave out
//! `type`: a message without one is read as a message (Telegram Desktop marks every service
//! message `type: service`).

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, NaiveDate};
use serde_json::Value;

use super::json::{self, JsonPath};
use super::values::{self, DateProblem};
use super::Loaded;
use crate::config::DateFormat;
use crate::error::{Problem, Result};
use crate::model::corpus::{Corpus, Post};

/// Reads a Telegram export at `path`.
pub fn load(path: &Path) -> Result<Loaded<Corpus>> {
    let file = match json::read(path)? {
        Ok(file) => file,
        Err(problem) => return Ok(Loaded::rejected(path, vec![problem])),
    };
    let chats = match chats(&file.value) {
        Ok(chats) => chats,
        Err(problem) => {
            let problem = problem.problem(
                &file.name,
                Some(&file.value),
                "one chat (with messages) or a full export (with chats.list)",
            );
            return Ok(Loaded::rejected(path, vec![problem]));
        }
    };
    let mut reading = Reading {
        file: &file.name,
        corpus: Corpus::default(),
        problems: Vec::new(),
        seen: BTreeMap::new(),
        rows: 0,
    };
    for (at, chat) in chats {
        reading.chat(chat, &at);
    }
    let summary = json::summary(
        path,
        std::slice::from_ref(&file),
        reading.rows,
        reading.problems.len(),
    );
    Ok(json::loaded(summary, reading.corpus, reading.problems))
}

/// The chats of the export with their paths.
fn chats(value: &Value) -> std::result::Result<Vec<(JsonPath, &Value)>, JsonPath> {
    let root = JsonPath::root();
    if value.get("messages").is_some() {
        return Ok(vec![(root, value)]);
    }
    match value.get("chats").and_then(|c| c.get("list")) {
        Some(Value::Array(list)) => {
            let at = root.key("chats").key("list");
            Ok(list
                .iter()
                .enumerate()
                .map(|(i, chat)| (at.index(i), chat))
                .collect())
        }
        _ => Err(root),
    }
}

struct Reading<'a> {
    file: &'a str,
    corpus: Corpus,
    problems: Vec<Problem>,
    seen: BTreeMap<String, JsonPath>,
    rows: usize,
}

impl Reading<'_> {
    fn chat(&mut self, chat: &Value, at: &JsonPath) {
        let chat_id = match chat.get("id") {
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            other => {
                let problem = at.key("id").problem(self.file, other, "the chat's id");
                self.problems.push(problem);
                return;
            }
        };
        let messages = match chat.get("messages") {
            Some(Value::Array(messages)) => messages,
            other => {
                let problem = at
                    .key("messages")
                    .problem(self.file, other, "an array of messages");
                self.problems.push(problem);
                return;
            }
        };
        for (index, message) in messages.iter().enumerate() {
            let at = at.key("messages").index(index);
            if !is_message(message) {
                continue;
            }
            self.rows += 1;
            match post(message, &at, self.file, &chat_id) {
                Ok(post) => {
                    if let Some(first) = self.seen.get(&post.id) {
                        let message = format!(
                            "{at}.id: found the message {} again, first at {first}, expected \
                             each message once",
                            post.id
                        );
                        self.problems.push(Problem {
                            file: self.file.to_string(),
                            line: 0,
                            column: None,
                            message,
                        });
                        continue;
                    }
                    self.seen.insert(post.id.clone(), at);
                    self.corpus.push(post);
                }
                Err(problem) => self.problems.push(problem),
            }
        }
    }
}

fn post(
    message: &Value,
    at: &JsonPath,
    file: &str,
    chat_id: &str,
) -> std::result::Result<Post, Problem> {
    let id = match message.get("id") {
        Some(Value::Number(n)) => n.to_string(),
        other => return Err(at.key("id").problem(file, other, "the message's number")),
    };
    let date = date(message, at, file)?;
    let text = text(message.get("text"), &at.key("text"), file)?;
    let author = ["from", "from_id"]
        .iter()
        .find_map(|key| match message.get(*key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        });
    Ok(Post {
        id: format!("{chat_id}/{id}"),
        date: Some(date),
        author,
        interactions: None,
        text,
        language: None,
    })
}

/// Whether a message is a post: `type: message`, or no type at all (a service message always
/// has one).
fn is_message(message: &Value) -> bool {
    match message.get("type") {
        None | Some(Value::Null) => message.is_object(),
        Some(kind) => kind.as_str() == Some("message"),
    }
}

/// What a `date` field is expected to hold.
const DATE_EXPECTED: &str = "an ISO 8601 time such as \"2019-06-10T19:31:22\" or \
                             \"2017-01-01T06:20:09.248Z\" (or a date_unixtime field)";

/// The UTC date of `date_unixtime`, else the day of `date`: in UTC when it has an offset or
/// `Z`, as written when it has none.
fn date(message: &Value, at: &JsonPath, file: &str) -> std::result::Result<NaiveDate, Problem> {
    if let Some(found) = message.get("date_unixtime") {
        let seconds = match found {
            Value::String(s) => s.parse::<i64>().ok(),
            Value::Number(n) => n.as_i64(),
            _ => None,
        };
        return seconds
            .and_then(|s| DateTime::from_timestamp(s, 0))
            .map(|t| t.date_naive())
            .ok_or_else(|| {
                at.key("date_unixtime").problem(
                    file,
                    Some(found),
                    "Unix seconds as a string, such as \"1560183082\"",
                )
            });
    }
    let found = message.get("date");
    let text = match found {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err(at.key("date").problem(file, found, DATE_EXPECTED)),
    };
    match values::timestamp(&text, DateFormat::Iso) {
        Ok(time) if time.offset.is_some() => Ok(time.utc().date()),
        Ok(time) => Ok(time.local_date()),
        Err(why) => {
            let expected = match why {
                DateProblem::NoSuchDay => "a day of the calendar",
                DateProblem::Milliseconds => "Unix seconds, not milliseconds (divide by 1000)",
                DateProblem::Malformed | DateProblem::NeedsFormat => DATE_EXPECTED,
            };
            Err(at.key("date").problem(file, found, expected))
        }
    }
}

/// A message's text: a string, or the texts of an array of strings and entities joined.
fn text(value: Option<&Value>, at: &JsonPath, file: &str) -> std::result::Result<String, Problem> {
    match value {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Array(parts)) => {
            let mut text = String::new();
            for (i, part) in parts.iter().enumerate() {
                match part {
                    Value::String(s) => text.push_str(s),
                    Value::Object(entity) => match entity.get("text") {
                        Some(Value::String(s)) => text.push_str(s),
                        other => {
                            let at = at.index(i).key("text");
                            return Err(at.problem(file, other, "the entity's text as a string"));
                        }
                    },
                    other => {
                        let expected = "a string or an entity object";
                        return Err(at.index(i).problem(file, Some(other), expected));
                    }
                }
            }
            Ok(text)
        }
        other => Err(at.problem(file, other, "a string or an array of strings and entities")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_arrays_join_their_texts() {
        let value: Value = serde_json::json!([
            "Митинг в ",
            {"type": "bold", "text": "Алматы"},
            " сегодня ",
            {"type": "hashtag", "text": "#протест"}
        ]);
        let text = text(Some(&value), &JsonPath::root().key("text"), "r.json").unwrap();
        assert_eq!(text, "Митинг в Алматы сегодня #протест");
    }

    #[test]
    fn a_bad_entity_is_located_by_its_path() {
        let value: Value = serde_json::json!(["a", {"type": "bold"}]);
        let at = JsonPath::root().key("messages").index(4).key("text");
        let problem = text(Some(&value), &at, "result.json").unwrap_err();
        assert_eq!(
            problem.to_string(),
            "result.json: messages[4].text[1].text: found no such field, expected the entity's text as a string"
        );
    }

    #[test]
    fn dates_prefer_unixtime_and_fall_back_to_the_local_day() {
        let at = JsonPath::root();
        let utc = serde_json::json!({"date": "2019-06-10T01:30:00", "date_unixtime": "1560101400"});
        assert_eq!(date(&utc, &at, "f").unwrap().to_string(), "2019-06-09");
        let old = serde_json::json!({"date": "2019-06-10T01:30:00"});
        assert_eq!(date(&old, &at, "f").unwrap().to_string(), "2019-06-10");
        let zulu = serde_json::json!({"date": "2017-01-01T02:20:09.248Z"});
        assert_eq!(date(&zulu, &at, "f").unwrap().to_string(), "2017-01-01");
        // 01:30 in Almaty (+06:00) is the evening before in UTC, as date_unixtime would say.
        let offset = serde_json::json!({"date": "2019-06-10T01:30:00+06:00"});
        assert_eq!(date(&offset, &at, "f").unwrap().to_string(), "2019-06-09");
        let fraction = serde_json::json!({"date": "2019-06-10T01:30:00.5"});
        assert_eq!(date(&fraction, &at, "f").unwrap().to_string(), "2019-06-10");
        for other in [
            "10.06.2019 01:30",
            "June 10, 2019",
            "1560101400000",
            "2019-02-30T01:00:00",
        ] {
            let message = serde_json::json!({ "date": other });
            let problem = date(&message, &at, "f").unwrap_err();
            assert!(
                problem.message.starts_with("date: found"),
                "{other}: {problem}"
            );
        }
        let bad = serde_json::json!({"date_unixtime": "yesterday"});
        assert!(date(&bad, &at, "f")
            .unwrap_err()
            .message
            .contains("date_unixtime"));
    }
}
