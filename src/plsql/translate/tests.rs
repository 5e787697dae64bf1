//! Unit tests of the translation: PL/SQL in, rendered PL/pgSQL and
//! diagnostics out.
