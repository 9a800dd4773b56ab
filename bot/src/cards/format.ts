/** Times as every card shows them; the rules live in the domain, so its messages name times the same way. */
export { formatInZone, formatSpan, zoneAbbreviation } from '../domain/time-format';
