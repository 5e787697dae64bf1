//! Scratch databases for test cases, on the throwaway server or on a server the
//! user names (`--database URL` / `$ELTC_TEST_DATABASE_URL`).
//!
//! Each case runs in a database of its own, created empty and dropped after
//! the case (unless kept), so cases never see each other's tables. The URL's
//! own database is only used to CREATE and DROP the scratch ones.

use std::sync::atomic::{AtomicUsize, Ordering};

use postgres::{Client, Config, NoTls};

use super::server::Server;

/// Where scratch databases are created.
pub struct Databases {
    admin: Config,
    shown: String,
    counter: AtomicUsize,
}

impl Databases {
    /// The server at `url` (libpq URL or key=value form).
    pub fn from_url(url: &str) -> Result<Databases, postgres::Error> {
        let admin: Config = url.parse()?;
        Ok(Databases {
            // Host and port only: the URL may hold a password.
            shown: shown(&admin),
            admin,
            counter: AtomicUsize::new(0),
        })
    }

    /// The throwaway `server`.
    pub fn on_server(server: &Server) -> Databases {
        Databases {
            admin: server.config("postgres"),
            shown: shown(&server.config("postgres")),
            counter: AtomicUsize::new(0),
        }
    }

    /// A database name not used before by this value: `eltc_<purpose>_<pid>_<n>`,
    /// lower-case, cut to PostgreSQL's 63 bytes.
    pub fn unique_name(&self, purpose: &str) -> String {
        let n = self.counter.fetch_add(1, Ordering::SeqCst);
        let clean: String = purpose
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        let suffix = format!("_{}_{n}", std::process::id());
        let keep = 63 - "eltc_".len() - suffix.len();
        let cut: String = clean.chars().take(keep).collect();
        format!("eltc_{cut}{suffix}")
    }

    /// Creates the empty database `name` and connects to it.
    pub fn create(&self, name: &str) -> Result<Client, postgres::Error> {
        let mut admin = self.admin.connect(NoTls)?;
        admin.batch_execute(&format!("CREATE DATABASE \"{name}\""))?;
        self.connect(name)
    }

    /// A client of database `name`, with the session settings the tests assume
    /// (UTC, like Redshift's default session; ISO dates).
    pub fn connect(&self, name: &str) -> Result<Client, postgres::Error> {
        let mut config = self.admin.clone();
        config.dbname(name);
        let mut client = config.connect(NoTls)?;
        client.batch_execute("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'")?;
        Ok(client)
    }

    /// A client of the URL's own database (not a scratch one), with the same
    /// session settings: `eltc run-batch` works in the database it is given.
    pub fn connect_own(&self) -> Result<Client, postgres::Error> {
        let name = self.admin.get_dbname().unwrap_or("postgres").to_string();
        self.connect(&name)
    }

    /// Drops database `name` (its connections are closed first).
    pub fn drop_database(&self, name: &str) -> Result<(), postgres::Error> {
        let mut admin = self.admin.connect(NoTls)?;
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
    }

    /// The JDBC URL of database `name` (`jdbc:postgresql://host:port/name?user=..`),
    /// for the Glue job's writes in local mode; over TCP only, as JDBC connects.
    pub fn jdbc_url(&self, name: &str) -> Result<String, String> {
        let host = match self.admin.get_hosts().first() {
            Some(postgres::config::Host::Tcp(host)) => host.clone(),
            None => "localhost".to_string(),
            Some(postgres::config::Host::Unix(path)) => {
                return Err(format!(
                    "the Glue job writes over JDBC, which cannot use the socket `{}`: give `--database` a host and port",
                    path.display()
                ));
            }
        };
        let port = self.admin.get_ports().first().copied().unwrap_or(5432);
        let mut url = format!(
            "jdbc:postgresql://{host}:{port}/{}",
            encode(name.as_bytes())
        );
        let mut separator = '?';
        if let Some(user) = self.admin.get_user() {
            url.push_str(&format!("{separator}user={}", encode(user.as_bytes())));
            separator = '&';
        }
        if let Some(password) = self.admin.get_password() {
            url.push_str(&format!("{separator}password={}", encode(password)));
        }
        Ok(url)
    }

    /// How to reach database `name`, for messages.
    pub fn describe(&self, name: &str) -> String {
        format!("database `{name}` on {}", self.shown)
    }
}

/// `bytes` percent-encoded but for RFC 3986's unreserved characters.
fn encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `host:port` of `config`, for messages.
fn shown(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        Some(postgres::config::Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!("{host}:{port}")
}

#[cfg(test)]
mod tests {
    use super::Databases;

    #[test]
    fn jdbc_urls_carry_host_port_database_and_encoded_credentials() {
        let databases =
            Databases::from_url("postgres://u%20s:p%40ss%26w%3D@db.example:6543/admin").unwrap();
        assert_eq!(
            databases.jdbc_url("eltc_case_1").unwrap(),
            "jdbc:postgresql://db.example:6543/eltc_case_1?user=u%20s&password=p%40ss%26w%3D"
        );
        let databases = Databases::from_url("host=/var/run/postgresql user=postgres").unwrap();
        assert!(databases.jdbc_url("x").unwrap_err().contains("--database"));
    }
}
