-- Failed-login bookkeeping beyond users.failed_attempts (owner: accounts): last failure time, so
-- an operator can see when an account was locked.
ALTER TABLE users ADD COLUMN last_failed_login_at bigint NOT NULL DEFAULT 0;
