// Teams for client tests of other areas: POST /teams + addToTeam when the server has them, else rows
// written with psql on PARLEY_DSN (the runner sets it). One place, to drop the fallback once teams land.
import {execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';

function newId() {
    return randomBytes(13).toString('hex');
}

function sql(query) {
    const dsn = process.env.PARLEY_DSN;
    if (!dsn) {
        throw new Error('PARLEY_DSN not set: cannot write the team fixture');
    }
    execFileSync('psql', [dsn, '-v', 'ON_ERROR_STOP=1', '-q', '-c', query], {stdio: 'pipe'});
}

/** A team named name with the given user ids as members; returns its id. adminClient: a system admin. */
export async function makeTeam(adminClient, name, memberIds) {
    try {
        const team = await adminClient.createTeam({name, display_name: name, type: 'O'});
        for (const id of memberIds) {
            await adminClient.addToTeam(team.id, id);
        }
        return team.id;
    } catch (err) {
        if (err.status_code !== 404 && err.status_code !== 405) {
            throw err;
        }
    }
    const id = newId();
    const now = Date.now();
    sql(`INSERT INTO teams (id, create_at, update_at, display_name, name, type, allow_open_invite, invite_id) VALUES ` +
        `('${id}', ${now}, ${now}, '${name}', '${name}', 'O', true, '${newId()}')`);
    for (const uid of memberIds) {
        sql(`INSERT INTO team_members (team_id, user_id, create_at) VALUES ('${id}', '${uid}', ${now})`);
    }
    return id;
}
