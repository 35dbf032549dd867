/*
 * banned.h: functions this code base does not use (after git's banned.h):
 * unbounded copies and formatting, and strtok's hidden state.  Included by
 * every library and tool source through arena.h and cli.h.
 */
#ifndef JX_BANNED_H
#define JX_BANNED_H

#pragma GCC poison strcpy strcat sprintf vsprintf strtok gets

#endif
