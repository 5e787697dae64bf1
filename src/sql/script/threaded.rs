//! `eltc translate`'s script translation on several cores: the same stages
//! as [`super::translate_stream_in`], each on a thread of its own, joined by
//! bounded channels: reading and parsing, translating, then what the caller
//! does with each translation (printing the statements and rendering the
//! diagnostics). Parsing and rendering need nothing of the statements
//! before; translating does (the tables a CREATE TABLE defines type the
//! statements after it, and the names of an expansion's temporary tables
//! count up), so it stays on one thread, in script order. Every stage takes
//! the pieces in script order and a channel keeps it, so the output is
//! byte for byte the output of one thread ([`translate_streams`] with
//! `threads` 1 runs the stages in turn on the caller's thread).
//!
//! Several inputs are one script read in turn (`eltc translate ddl.sql
//! dml.sql`): the tables the first creates type the statements of the next.
//! Memory stays bounded: each channel holds a few pieces.

use std::convert::Infallible;
use std::io::{self, Read};
use std::ops::Range;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread;

use super::{Parsed, Piece, ScriptEnv, ScriptReader, Translated, parse_piece};
use crate::diag::FileId;

/// Pieces in flight between two stages: enough to keep both busy, few
/// enough that memory does not grow with the script.
const IN_FLIGHT: usize = 16;

/// A piece with its own copy of its lines, to cross threads.
struct OwnedPiece {
    window: String,
    origin: usize,
    first_line: usize,
    chunk: Range<usize>,
    last: bool,
}

impl OwnedPiece {
    fn of(piece: &Piece<'_>) -> Self {
        Self {
            window: piece.window.to_string(),
            origin: piece.origin,
            first_line: piece.first_line,
            chunk: piece.chunk.clone(),
            last: piece.last,
        }
    }

    fn piece(&self) -> Piece<'_> {
        Piece {
            window: &self.window,
            origin: self.origin,
            first_line: self.first_line,
            chunk: self.chunk.clone(),
            last: self.last,
        }
    }
}

/// One piece read and parsed, with what the caller's `window` made of it.
struct ParsedPiece<W> {
    piece: OwnedPiece,
    file: FileId,
    window: W,
    parsed: Parsed,
}

/// Translates `inputs`, read in turn as one script, statement by statement.
/// `window(i, piece)` is called for each piece of input `i` (in order, on
/// the reading thread): the file id its spans take, and what the caller
/// keeps of it (the source map its diagnostics render with). `sink` gets
/// each statement's translation with its piece's `W`, in script order, on
/// a thread of its own. With `threads` 1, everything runs on the caller's
/// thread. Errors are the readers' (text that is not UTF-8 is
/// `InvalidData`) and the sink's; the statements before an error reach the
/// sink first, as on one thread.
pub fn translate_streams<R, W>(
    inputs: Vec<R>,
    schema: Option<&str>,
    threads: usize,
    window: &(dyn Fn(usize, &Piece<'_>) -> (FileId, W) + Sync),
    sink: &mut (dyn FnMut(&W, Translated) -> io::Result<()> + Send),
) -> io::Result<()>
where
    R: Read + Send,
    W: Send,
{
    let mut env = ScriptEnv::new(schema);
    if threads <= 1 {
        return read_all(inputs, window, &mut |parsed| {
            translate(&mut env, parsed, &mut |window, translated| {
                sink(window, translated)
            })
        });
    }
    let (to_translate, parsed) = sync_channel::<io::Result<ParsedPiece<W>>>(IN_FLIGHT);
    let (to_sink, translated) = sync_channel::<(W, Vec<Translated>)>(IN_FLIGHT);
    thread::scope(|scope| {
        let reading = scope.spawn(move || read_into(inputs, window, &to_translate));
        let sinking = scope.spawn(move || sink_from(&translated, sink));
        let translating = translate_from(&mut env, &parsed, &to_sink);
        // Each stage stops when the next one has stopped (its channel is
        // closed) or the one before has (its channel is empty and closed).
        drop(parsed);
        drop(to_sink);
        let read = reading
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        let sunk = sinking
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        // The first error in script order: reading stops at its own error,
        // which translation passes on in order; the sink's stops the others.
        sunk.and(translating).and(read)
    })
}

/// Reads and parses every piece of `inputs` in order into `next`.
fn read_all<R: Read, W>(
    inputs: Vec<R>,
    window: &(dyn Fn(usize, &Piece<'_>) -> (FileId, W) + Sync),
    next: &mut dyn FnMut(ParsedPiece<W>) -> io::Result<()>,
) -> io::Result<()> {
    for (index, input) in inputs.into_iter().enumerate() {
        let mut reader = ScriptReader::new(input);
        while let Some(piece) = reader.next_piece()? {
            let (file, kept) = window(index, &piece);
            let parsed = parse_piece(file, &piece);
            if matches!(parsed, Parsed::Diverged) {
                // As on one thread: the rest of the script as one piece.
                let rest = reader.rest()?;
                let (file, kept) = window(index, &rest);
                let parsed = parse_piece(file, &rest);
                next(ParsedPiece {
                    piece: OwnedPiece::of(&rest),
                    file,
                    window: kept,
                    parsed,
                })?;
                break;
            }
            next(ParsedPiece {
                piece: OwnedPiece::of(&piece),
                file,
                window: kept,
                parsed,
            })?;
        }
    }
    Ok(())
}

/// The reading stage: each piece, or the reader's error, into `out`.
fn read_into<R: Read, W>(
    inputs: Vec<R>,
    window: &(dyn Fn(usize, &Piece<'_>) -> (FileId, W) + Sync),
    out: &SyncSender<io::Result<ParsedPiece<W>>>,
) -> io::Result<()> {
    let closed = || io::Error::other("translation stopped");
    let read = read_all(inputs, window, &mut |parsed| {
        out.send(Ok(parsed)).map_err(|_| closed())
    });
    if let Err(error) = read {
        // Passed on in order; a closed channel means a later stage stopped,
        // and that stage reports why.
        let _ = out.send(Err(error));
    }
    Ok(())
}

/// Translates one parsed piece and hands its translations to `sink`.
fn translate<W>(
    env: &mut ScriptEnv,
    parsed: ParsedPiece<W>,
    sink: &mut dyn FnMut(&W, Translated) -> io::Result<()>,
) -> io::Result<()> {
    let window = parsed.window;
    env.translate_parsed(
        parsed.file,
        &parsed.piece.piece(),
        parsed.parsed,
        &mut |translated| sink(&window, translated),
    )
}

/// The translating stage: in order, until the reader ends or the sink stops.
fn translate_from<W>(
    env: &mut ScriptEnv,
    parsed: &Receiver<io::Result<ParsedPiece<W>>>,
    out: &SyncSender<(W, Vec<Translated>)>,
) -> io::Result<()> {
    for piece in parsed {
        let piece = piece?;
        let mut all = Vec::new();
        let Ok(()) = env.translate_parsed(
            piece.file,
            &piece.piece.piece(),
            piece.parsed,
            &mut |translated| {
                all.push(translated);
                Ok::<(), Infallible>(())
            },
        );
        if out.send((piece.window, all)).is_err() {
            // The sink stopped; it reports why.
            return Ok(());
        }
    }
    Ok(())
}

/// The sink's stage: every translation in order, until the first error.
fn sink_from<W>(
    translated: &Receiver<(W, Vec<Translated>)>,
    sink: &mut (dyn FnMut(&W, Translated) -> io::Result<()> + Send),
) -> io::Result<()> {
    for (window, all) in translated {
        for translated in all {
            sink(&window, translated)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::translate_streams;
    use crate::diag::render::{self, Style};
    use crate::diag::{FileId, SourceMap};
    use crate::sql::script::{Piece, Sink, Translated, translate_stream};

    /// DDL that types later statements, statements that translate, refusals,
    /// a parse error, a MERGE (its expansion names temporary tables in
    /// order), and text the splitter misjudges (the rest read at once).
    fn script(copies: usize) -> String {
        let head = "CREATE TABLE hr.emp (id NUMBER(6) NOT NULL, name VARCHAR2(10), hired DATE);\n";
        let body = "UPDATE hr.emp e SET e.name = NVL(e.name, 'x') WHERE e.id = 1;\n\
            SELECT TRUNC(e.hired) AS d, DECODE(e.id, 1, 'one', 'other') AS n FROM hr.emp e;\n\
            SELECT TRUNC(x.id) AS n FROM hr.other x;\n\
            MERGE INTO hr.emp t USING (SELECT id, name FROM hr.emp) s ON (t.id = s.id)\n  \
            WHEN MATCHED THEN UPDATE SET t.name = s.name;\n\
            SELECT FROM WHERE;\n\
            INSERT INTO hr.emp (id, name, hired) SELECT id, SUBSTR(name, 1, 2), SYSDATE FROM hr.emp;\n";
        let mut text = head.to_string();
        for _ in 0..copies {
            text.push_str(body);
        }
        text.push_str(
            "DELETE FROM hr.emp WHERE name = $$a;b$$;\nDELETE FROM hr.emp WHERE id = 2;\n",
        );
        text
    }

    /// Everything printed: the statements and the rendered diagnostics, in order.
    fn threaded(inputs: &[&str], threads: usize) -> String {
        let names = ["one.sql", "two.sql"];
        let window = |index: usize, piece: &Piece<'_>| {
            let mut sources = SourceMap::new();
            let file =
                sources.add_window(names[index], piece.window, piece.origin, piece.first_line);
            (file, sources)
        };
        let mut out = String::new();
        let readers = inputs.iter().map(|text| text.as_bytes()).collect();
        translate_streams(
            readers,
            None,
            threads,
            &window,
            &mut |sources, translated| {
                print(&mut out, sources, translated);
                Ok(())
            },
        )
        .unwrap();
        out
    }

    fn print(out: &mut String, sources: &SourceMap, translated: Translated) {
        for statement in &translated.statements {
            writeln!(out, "{statement};").unwrap();
        }
        for diagnostic in &translated.diagnostics {
            writeln!(out, "{}", render::human(diagnostic, sources, Style::Plain)).unwrap();
        }
    }

    #[test]
    fn many_threads_print_what_one_thread_prints() {
        let text = script(300);
        let one = threaded(&[&text], 1);
        assert!(one.contains("CREATE TABLE hr.emp ("), "{one}");
        assert!(one.contains("eltc::sql::parse"), "{one}");
        assert!(one.contains("DELETE FROM hr.emp WHERE id = 2;"), "{one}");
        for threads in [2, 3, 8] {
            assert!(
                threaded(&[&text], threads) == one,
                "{threads} threads differ"
            );
        }
        // The same as the single-threaded streaming entry point.
        struct Collect {
            sources: SourceMap,
            out: String,
        }
        impl Sink for Collect {
            fn file(&mut self, piece: &Piece<'_>) -> FileId {
                self.sources = SourceMap::new();
                self.sources
                    .add_window("one.sql", piece.window, piece.origin, piece.first_line)
            }
            fn translated(&mut self, translated: Translated) -> std::io::Result<()> {
                print(&mut self.out, &self.sources, translated);
                Ok(())
            }
        }
        let mut collect = Collect {
            sources: SourceMap::new(),
            out: String::new(),
        };
        translate_stream(text.as_bytes(), &mut collect).unwrap();
        assert!(collect.out == one, "translate_stream differs");
    }

    /// Two inputs are one script: the first one's table types the second's
    /// statements, and each diagnostic names its own file.
    #[test]
    fn inputs_are_read_in_turn_as_one_script() {
        let ddl = "CREATE TABLE hr.emp (id NUMBER(6), hired DATE);\n";
        let dml = "UPDATE hr.emp SET hired = TRUNC(hired);\nSELECT TRUNC(x.a) FROM hr.other x;\n";
        for threads in [1, 2] {
            let out = threaded(&[ddl, dml], threads);
            assert!(out.contains("UPDATE hr.emp SET hired = "), "{out}");
            assert!(out.contains("two.sql:2:"), "{out}");
            assert!(!out.contains("two.sql:1:"), "{out}");
        }
    }

    /// Text that is not UTF-8 stops the translation with an error after the
    /// statements before it, on any number of threads.
    #[test]
    fn a_reader_error_comes_after_the_statements_before_it() {
        for threads in [1, 2] {
            let mut text = script(20).into_bytes();
            text.extend_from_slice(b"SELECT '\xff' FROM dual;\n");
            let window = |_: usize, piece: &Piece<'_>| {
                let mut sources = SourceMap::new();
                let file =
                    sources.add_window("s.sql", piece.window, piece.origin, piece.first_line);
                (file, sources)
            };
            let mut seen = 0;
            let result = translate_streams(vec![&text[..]], None, threads, &window, &mut |_, _| {
                seen += 1;
                Ok(())
            });
            assert_eq!(result.unwrap_err().kind(), std::io::ErrorKind::InvalidData);
            assert!(seen >= 20 * 6, "{seen} statements before the error");
        }
    }
}
