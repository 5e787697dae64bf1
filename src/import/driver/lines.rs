//! A driver's text into logical lines: continuations joined, comments
//! dropped, here-documents attached to the line that opens them, and each
//! line split into commands (`;`, `&&`, `||`, `|`) and words with their
//! quoting kept, since expansion depends on it.

use std::ops::Range;

/// One command of a logical line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Command {
    /// Its words, quotes kept (`"$CONN"`, `'text'`).
    pub words: Vec<String>,
    /// True when the output of the command before it is piped into it.
    pub piped: bool,
    /// True when it runs only if the one before failed (`||`).
    pub or_else: bool,
    /// Its redirections, `(operator, target)`: `("<", "in.sql")`,
    /// `(">", "log.txt")`, `("2>&", "1")`; here-documents stay words.
    pub redirects: Vec<(String, String)>,
}

/// A logical line.
#[derive(Clone, Debug, Default)]
pub struct Line {
    /// Its commands.
    pub commands: Vec<Command>,
    /// Bytes of the line in the file.
    pub range: Range<usize>,
    /// The here-document opened on the line: its text, its range, and whether
    /// its delimiter was quoted (no expansion).
    pub heredoc: Option<(String, Range<usize>, bool)>,
    /// The line as written (continuations joined).
    pub text: String,
}

/// The logical lines of a driver. `batch`: a .bat/.cmd file (`REM` and `::`
/// comments, `^` continuations, no here-documents).
pub fn lines(text: &str, batch: bool) -> Vec<Line> {
    let mut out = Vec::new();
    let physical: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line.trim_end_matches(['\n', '\r'])))
        })
        .collect();
    let mut i = 0;
    while i < physical.len() {
        let (start, first) = physical[i];
        let mut joined = first.to_string();
        let mut end = start + first.len();
        let continuation = if batch { '^' } else { '\\' };
        while joined.ends_with(continuation) && i + 1 < physical.len() {
            joined.pop();
            i += 1;
            joined.push(' ');
            joined.push_str(physical[i].1);
            end = physical[i].0 + physical[i].1.len();
        }
        i += 1;
        let code = strip_comment(&joined, batch);
        if code.trim().is_empty() {
            continue;
        }
        let mut line = Line {
            commands: commands(&code, batch),
            range: start..end,
            heredoc: None,
            text: joined.clone(),
        };
        if let Some((tag, strip, quoted)) = heredoc_tag(&code).filter(|_| !batch) {
            let body_start = physical.get(i).map_or(text.len(), |p| p.0);
            let mut body = String::new();
            let mut body_end = body_start;
            while i < physical.len() {
                let (offset, l) = physical[i];
                i += 1;
                let candidate = if strip { l.trim_start_matches('\t') } else { l };
                if candidate.trim_end() == tag {
                    break;
                }
                body.push_str(l);
                body.push('\n');
                body_end = offset + l.len();
            }
            line.heredoc = Some((body, body_start..body_end.max(body_start), quoted));
        }
        out.push(line);
    }
    out
}

/// The line without its comment (`#` starting a word, outside quotes).
fn strip_comment(line: &str, batch: bool) -> String {
    if batch {
        let trimmed = line.trim_start();
        let upper = trimmed.to_ascii_uppercase();
        if upper.starts_with("REM ") || upper == "REM" || trimmed.starts_with("::") {
            return String::new();
        }
        return line.to_string();
    }
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q && prev != '\\' => quote = None,
            (None, '#') if prev.is_whitespace() || i == 0 => return line[..i].to_string(),
            _ => {}
        }
        prev = c;
    }
    line.to_string()
}

/// `<<TAG`, `<<-TAG`, `<< 'TAG'`, `<<"TAG"`: the tag, whether tabs are
/// stripped, whether it is quoted.
fn heredoc_tag(line: &str) -> Option<(String, bool, bool)> {
    let at = line.find("<<")?;
    let rest = &line[at + 2..];
    if rest.starts_with('<') {
        return None; // here-string `<<<`
    }
    let strip = rest.starts_with('-');
    let rest = rest.trim_start_matches('-').trim_start();
    let quoted = rest.starts_with(['\'', '"']) || rest.starts_with('\\');
    let tag: String = rest
        .trim_start_matches(['\'', '"', '\\'])
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!tag.is_empty()).then_some((tag, strip, quoted))
}

/// Splits a line into commands and words.
fn commands(line: &str, batch: bool) -> Vec<Command> {
    let mut out = Vec::new();
    let mut current = Command::default();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut depth = 0; // $( ... ) nesting
    let mut chars = line.chars().peekable();
    let flush = |word: &mut String, in_word: &mut bool, current: &mut Command| {
        if *in_word {
            current.words.push(std::mem::take(word));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            word.push(c);
            if c == '\\' && q == '"' {
                if let Some(next) = chars.next() {
                    word.push(next);
                }
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            // A backquoted command substitution is one word, as `$(...)` is.
            '\'' | '"' | '`' if !(batch && c != '"') => {
                quote = Some(c);
                in_word = true;
                word.push(c);
            }
            '(' if word.ends_with('$') => {
                depth += 1;
                word.push(c);
            }
            ')' if depth > 0 => {
                depth -= 1;
                word.push(c);
            }
            c if depth > 0 => word.push(c),
            '\\' if !batch => {
                in_word = true;
                word.push(c);
                if let Some(next) = chars.next() {
                    word.push(next);
                }
            }
            ';' | '|' | '&' => {
                flush(&mut word, &mut in_word, &mut current);
                let double = chars.peek() == Some(&c);
                if double {
                    chars.next();
                }
                if c == '&' && !double {
                    continue; // background: the command stays in order
                }
                if !current.words.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                current.piped = c == '|' && !double;
                current.or_else = c == '|' && double;
            }
            '>' | '<' if !batch || c == '>' => {
                if c == '<' && chars.peek() == Some(&'<') {
                    // A here-document or here-string: kept as a word.
                    in_word = true;
                    word.push(c);
                    while chars.peek() == Some(&'<') {
                        word.push('<');
                        chars.next();
                    }
                    continue;
                }
                // `2>`: the descriptor is part of the operator, not a word.
                let mut op = if in_word && word.chars().all(|d| d.is_ascii_digit()) {
                    in_word = false;
                    std::mem::take(&mut word)
                } else {
                    flush(&mut word, &mut in_word, &mut current);
                    String::new()
                };
                op.push(c);
                while let Some(&next) = chars.peek() {
                    if next == '>' || next == '&' {
                        op.push(next);
                        chars.next();
                    } else {
                        break;
                    }
                }
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                let mut target = String::new();
                while let Some(&next) = chars.peek() {
                    if next.is_whitespace() || matches!(next, ';' | '|' | '&' | '<' | '>') {
                        break;
                    }
                    target.push(next);
                    chars.next();
                }
                current.redirects.push((op, target));
            }
            c if c.is_whitespace() => flush(&mut word, &mut in_word, &mut current),
            _ => {
                in_word = true;
                word.push(c);
            }
        }
    }
    flush(&mut word, &mut in_word, &mut current);
    if !current.words.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::lines;

    #[test]
    fn continuations_comments_and_heredocs() {
        let text = "# header\nsqlldr userid=a \\\n  control=b.ctl # load\nsqlplus -s x <<EOF\nexec p;\nEOF\nrc=$?; [ $rc -ne 0 ] && exit 1\n";
        let got = lines(text, false);
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[0].commands[0].words,
            ["sqlldr", "userid=a", "control=b.ctl"]
        );
        assert_eq!(got[1].heredoc.as_ref().unwrap().0, "exec p;\n");
        assert_eq!(got[2].commands.len(), 3);
        assert_eq!(got[2].commands[0].words, ["rc=$?"]);
    }

    #[test]
    fn quotes_and_command_substitution_stay_one_word() {
        let got = lines("DAY=$(ls $IN | head -1); echo \"a | b\"\n", false);
        assert_eq!(got[0].commands[0].words, ["DAY=$(ls $IN | head -1)"]);
        assert_eq!(got[0].commands[1].words, ["echo", "\"a | b\""]);
    }

    #[test]
    fn backquoted_commands_stay_one_word() {
        let got = lines("TODAY=`date +%Y%m%d`; echo x\n", false);
        assert_eq!(got[0].commands[0].words, ["TODAY=`date +%Y%m%d`"]);
        assert_eq!(got[0].commands[1].words, ["echo", "x"]);
    }

    #[test]
    fn redirections_are_not_words() {
        let got = lines(
            "sqlldr a/b c.ctl 1>log.txt 2>&1\nsqlplus -s a/b < run.sql >> out.log\n",
            false,
        );
        assert_eq!(got[0].commands[0].words, ["sqlldr", "a/b", "c.ctl"]);
        assert_eq!(
            got[0].commands[0].redirects,
            [
                ("1>".to_string(), "log.txt".to_string()),
                ("2>&".to_string(), "1".to_string())
            ]
        );
        assert_eq!(got[1].commands[0].words, ["sqlplus", "-s", "a/b"]);
        assert_eq!(
            got[1].commands[0].redirects,
            [
                ("<".to_string(), "run.sql".to_string()),
                (">>".to_string(), "out.log".to_string())
            ]
        );
    }

    #[test]
    fn batch_files_have_rem_comments() {
        let got = lines(
            "REM load\r\nsqlldr control=%CTL%\\a.ctl ^\r\n data=x.dat\r\n",
            true,
        );
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].commands[0].words,
            ["sqlldr", "control=%CTL%\\a.ctl", "data=x.dat"]
        );
    }
}
