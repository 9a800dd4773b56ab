/**
 * Preloaded (node --require) into the processes npm start and the tests spawn: Azurite and the
 * Agents Playgrounds. Their stdin is a pipe from the parent; when the parent ends, even killed with
 * SIGKILL (when no exit handler runs), that pipe closes and the child ends too, so no orphan keeps
 * holding its port for the next start.
 */
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
