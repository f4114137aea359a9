import { CHAINED_WRITE_LUA } from './chained-write-lua.ts';
import { LuaScript } from './lua-script.ts';

/** Appends audit records after the head they were linked to, or reports the real head (no own keys or arguments). */
export const appendAuditScript = new LuaScript(`${CHAINED_WRITE_LUA}
if alreadyApplied() then return {1} end
local conflict = headConflict()
if conflict then return conflict end
appendAndMark()
return {1}
`);
