
use builtin;
use str;

set edit:completion:arg-completer[fed] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'fed'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'fed'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a federation: the folder layout and a commented config.yaml'
            cand queue 'Add, list, claim and finish tasks'
            cand status 'The federation at a glance: paused or not, counts per status, ready tasks, per-agent load, blocked and stranded tasks, expired leases, active votes'
            cand pause 'Pause the federation (overseer): claims exit 4 and nothing is queued automatically until `fed resume`. Everything else keeps working'
            cand resume 'Resume a paused federation (overseer)'
            cand check 'Validate a federation, for CI: bad or unreadable task and vote files, a task or vote in two folders, dangling dependencies, cycles, stranded tasks, expired leases, handoff rules that can loop'
            cand log 'Show the event log, newest last'
            cand route 'Recommend an agent for a task description'
            cand analytics 'Who does which kind of work best, and how the federation is doing'
            cand vote 'Create votes, cast ballots, resolve them by the rules, override them'
            cand plan 'Import a markdown plan as tasks, and export tasks as a plan'
            cand completions 'Print a shell completion script (also committed under completions/)'
            cand board 'Open work as columns: ready, waiting on dependencies, in progress (holder, lease left), blocked (reason, age, escalation) and recently finished'
            cand graph 'The dependency graph: of one task (what it waits on and what waits on it, transitively), or of all open work. Each task is shown with its short id, title and state'
            cand inbox 'Everything waiting on an overseer, each with its age and the command that resolves it: escalated votes, blocked tasks (longest first), stranded and failed tasks, expired leases, tasks the router left for anyone, handoffs held by a pause'
            cand serve 'A local web dashboard: the board, the dependency graph, agents with their load and recent outcomes, votes with their ballots, analytics and the event log, updated live as the federation changes'
            cand man 'Print a manual page, or write every page to a directory'
            cand remote 'Share this federation through a git remote (see docs/machines.md)'
            cand clone 'Make a local federation from one shared through a git remote'
            cand sync 'Bring this federation level with its remote, and publish what waits'
            cand work 'Run COMMAND for each task you claim: the worker loop'
            cand mcp 'Serve fed''s operations as MCP tools on stdin/stdout'
            cand prime 'A short guide for an agent starting a session: who it is, the commands and exit codes it needs, its tasks in progress and what is ready for it now. Meant to be pasted into the agent''s context'
            cand conflicts 'Tasks in progress whose reserved files (queue add --files) overlap, and with --since, tasks in progress whose files were changed by commits since REV (each gets a files-touched event in the log, so its holder learns of it)'
            cand report 'Measure the federation against its goals (config `goals:`)'
            cand wait 'Wait until every selected task is finished'
            cand agents 'Every agent with its availability, its work and its record'
            cand agent 'Say that you (or, for an overseer, another agent) are away or back'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fed;init'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand --force 'Create .federation/ here even inside the tree of another federation (which every command run below would otherwise find)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Queue a task; prints its id alone on stdout'
            cand list 'List tasks as a table (default: pending, in progress and blocked)'
            cand show 'Show one task in full (id or unique suffix)'
            cand claim 'Claim the best ready task for you (or a named one); prints its id'
            cand heartbeat 'Renew your lease on a task you hold (exit 5 if you no longer hold it)'
            cand complete 'Finish a task you hold, as done (or failed with --failed)'
            cand release 'Give a task you hold back to the queue (pending again)'
            cand block 'Set a pending or in-progress task aside until `fed queue unblock`'
            cand unblock 'Return a blocked task to the state it was blocked from'
            cand cancel 'Cancel a task (overseer or the task''s creator)'
            cand assign 'Re-target a pending task to another agent (overseer)'
            cand reap 'Return tasks whose lease expired to the queue (or fail them after leases.max_attempts claims); prints what moved'
            cand edit 'Change an unfinished task: its creator, its lead or an overseer (and the agent holding it in progress)'
            cand lead 'Name the agent leading a task (`none` for no lead); the lead may then edit and cancel it, and `queue list --lead AGENT` finds it'
            cand retry 'Put a failed or cancelled task back in the queue (pending again)'
            cand note 'Add a note to a task''s thread (any agent, any task, finished ones too); `queue show` prints the thread'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fed;queue;add'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --from-file 'Queue every task of a JSON array instead (one transaction each; the ids are printed in order): [{"description": ..., "title", "type", "to", "from", "lead", "priority", "after": [..], "context": {..}, "id", "files": [..], "check"}, ...]'
            cand --title 'A short title (default: the first line of the description)'
            cand --type 'The kind of work: research, implement, review, docs, ... [default: general]'
            cand --to 'The agent it is for (default: anyone)'
            cand --from 'Who queues it (default: --agent)'
            cand --lead 'The agent leading the larger piece of work'
            cand --priority 'critical, high, normal or low'
            cand --after 'A task that must be done first (repeatable; id or unique suffix)'
            cand --context 'Extra context as KEY=VALUE (repeatable)'
            cand --id 'Use this id instead of a generated one'
            cand --reworks 'The finished task this one fixes (counts against whoever finished it)'
            cand --files 'Files the task will touch, as paths or globs (src/queue/*.rs): a claim passes over it while a task in progress reserves an overlapping file'
            cand --check 'A shell command that accepts the work: `fed work` runs it after the task''s command and fails the task if it fails'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;list'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --state 'completed is done + failed + cancelled'
            cand --for 'Tasks addressed to or held by AGENT'
            cand --type 'Only tasks of this type'
            cand --lead 'Only tasks led by AGENT'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand --ready 'Only ready tasks: pending, dependencies done, no reserved file in use'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;show'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;claim'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --type 'Only tasks of this type'
            cand --wait 'Wait until a task can be claimed, at most DURATION (90s, 30m, 2h; none: for ever). Name a task before --wait, not after it'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;heartbeat'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --token 'Only if you hold this exact claim (the lease token `queue claim --json` shows): for several workers sharing one agent name'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;complete'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --summary 'What came of it'
            cand --token 'Only if you hold this exact claim (the lease token `queue claim --json` shows): for several workers sharing one agent name'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand --failed 'Record the task as failed instead of done'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;release'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --token 'Only if you hold this exact claim (the lease token `queue claim --json` shows): for several workers sharing one agent name'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;block'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --reason 'Why it cannot go on'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;unblock'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;cancel'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --reason 'Why'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand --cascade 'Also cancel every task that depends on it'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;assign'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;reap'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;edit'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --title 'A new title'
            cand --description 'A new description'
            cand --type 'A new type: research, implement, review, docs, ...'
            cand --priority 'critical, high, normal or low'
            cand --to 'The agent it is for, or `none` for anyone'
            cand --lead 'The agent leading it, or `none`'
            cand --context 'Set a context key (repeatable); KEY= removes it'
            cand --after 'Also wait for this task (repeatable; id or unique suffix)'
            cand --drop-after 'Wait for this task no longer (repeatable)'
            cand --files 'The files it will touch, as paths or globs, replacing those it reserved (`--files none`: no reservation)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;lead'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;retry'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;note'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;queue;help'= {
            cand add 'Queue a task; prints its id alone on stdout'
            cand list 'List tasks as a table (default: pending, in progress and blocked)'
            cand show 'Show one task in full (id or unique suffix)'
            cand claim 'Claim the best ready task for you (or a named one); prints its id'
            cand heartbeat 'Renew your lease on a task you hold (exit 5 if you no longer hold it)'
            cand complete 'Finish a task you hold, as done (or failed with --failed)'
            cand release 'Give a task you hold back to the queue (pending again)'
            cand block 'Set a pending or in-progress task aside until `fed queue unblock`'
            cand unblock 'Return a blocked task to the state it was blocked from'
            cand cancel 'Cancel a task (overseer or the task''s creator)'
            cand assign 'Re-target a pending task to another agent (overseer)'
            cand reap 'Return tasks whose lease expired to the queue (or fail them after leases.max_attempts claims); prints what moved'
            cand edit 'Change an unfinished task: its creator, its lead or an overseer (and the agent holding it in progress)'
            cand lead 'Name the agent leading a task (`none` for no lead); the lead may then edit and cancel it, and `queue list --lead AGENT` finds it'
            cand retry 'Put a failed or cancelled task back in the queue (pending again)'
            cand note 'Add a note to a task''s thread (any agent, any task, finished ones too); `queue show` prints the thread'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fed;queue;help;add'= {
        }
        &'fed;queue;help;list'= {
        }
        &'fed;queue;help;show'= {
        }
        &'fed;queue;help;claim'= {
        }
        &'fed;queue;help;heartbeat'= {
        }
        &'fed;queue;help;complete'= {
        }
        &'fed;queue;help;release'= {
        }
        &'fed;queue;help;block'= {
        }
        &'fed;queue;help;unblock'= {
        }
        &'fed;queue;help;cancel'= {
        }
        &'fed;queue;help;assign'= {
        }
        &'fed;queue;help;reap'= {
        }
        &'fed;queue;help;edit'= {
        }
        &'fed;queue;help;lead'= {
        }
        &'fed;queue;help;retry'= {
        }
        &'fed;queue;help;note'= {
        }
        &'fed;queue;help;help'= {
        }
        &'fed;status'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;pause'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --reason 'Why, shown by `fed status` and in refusals'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;resume'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;check'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;log'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand -n 'Only the last N events'
            cand --limit 'Only the last N events'
            cand --task 'Only events about this task (id or unique suffix)'
            cand --by 'Only events by this agent'
            cand --format '`text` (a table) or `markdown` (for people: a heading per day, one line per event, user text escaped; what config log.markdown keeps)'
            cand --since 'Only events since a duration ago (7d, 24h), a day (2026-11-01) or a time (RFC 3339)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -f 'Keep printing events as they are appended, one a line (with --json, one JSON object a line), until interrupted'
            cand --follow 'Keep printing events as they are appended, one a line (with --json, one JSON object a line), until interrupted'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;route'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --type 'The task''s type (its analytics boost then applies)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand --explain 'Show where each score came from: past tasks, rules, boosts'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand eval 'Held-out accuracy of the router against the keyword rules alone (k-fold cross-validation over routing-history.jsonl)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fed;route;eval'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --folds 'How many folds'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;route;help'= {
            cand eval 'Held-out accuracy of the router against the keyword rules alone (k-fold cross-validation over routing-history.jsonl)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fed;route;help;eval'= {
        }
        &'fed;route;help;help'= {
        }
        &'fed;analytics'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --since 'Only tasks and votes since a duration ago (7d, 24h), a day (2026-11-01) or a time (RFC 3339)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;vote'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Ask the agents a question; prints the vote id alone on stdout'
            cand cast 'Cast (or recast) your ballot on an active vote'
            cand resolve 'Resolve a vote by the rules, or every vote past its deadline'
            cand override 'Set a vote''s result (overseer), before or after it is resolved'
            cand list 'List votes as a table (default: active ones)'
            cand show 'Show one vote in full: question, options with their tally, ballots and reasoning, outcome'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fed;vote;create'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --option 'A possible answer (give two or more)'
            cand --context 'A document the voters should read'
            cand --deadline 'When it closes: a duration from now (90s, 30m, 2h, 1d) or an RFC 3339 time'
            cand --quorum 'Ballots needed before it can be decided [default: votes.quorum]'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand --high-stakes 'Always escalate to the overseers, with the ballots as a recommendation'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;vote;cast'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --choice 'One of the vote''s options'
            cand --confidence 'How sure you are, from 0 to 1'
            cand --reasoning 'Why'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;vote;resolve'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand --due 'Every active vote whose deadline has passed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;vote;override'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --choice 'The option that stands'
            cand --reason 'Why'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;vote;list'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --state 'resolved is every state but active'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;vote;show'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;vote;help'= {
            cand create 'Ask the agents a question; prints the vote id alone on stdout'
            cand cast 'Cast (or recast) your ballot on an active vote'
            cand resolve 'Resolve a vote by the rules, or every vote past its deadline'
            cand override 'Set a vote''s result (overseer), before or after it is resolved'
            cand list 'List votes as a table (default: active ones)'
            cand show 'Show one vote in full: question, options with their tally, ballots and reasoning, outcome'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fed;vote;help;create'= {
        }
        &'fed;vote;help;cast'= {
        }
        &'fed;vote;help;resolve'= {
        }
        &'fed;vote;help;override'= {
        }
        &'fed;vote;help;list'= {
        }
        &'fed;vote;help;show'= {
        }
        &'fed;vote;help;help'= {
        }
        &'fed;plan'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand import 'Make a markdown plan''s checklist items (and work tables) tasks, or bring the tasks up to date with the plan'
            cand export 'Write the federation''s tasks as a markdown checklist, grouped by phase, `- [x]` for done tasks (cancelled tasks are left out)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fed;plan;import'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --to 'The agent for items that name none (`@agent`)'
            cand --lead 'The lead of the tasks it creates'
            cand --type 'The type of items that name none (`#type`) [default: general]'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand --dry-run 'Print what the import would do, and change nothing'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;plan;export'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand -o 'Write the checklist to FILE instead of stdout'
            cand --output 'Write the checklist to FILE instead of stdout'
            cand --plan 'Only the tasks imported from this plan'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;plan;help'= {
            cand import 'Make a markdown plan''s checklist items (and work tables) tasks, or bring the tasks up to date with the plan'
            cand export 'Write the federation''s tasks as a markdown checklist, grouped by phase, `- [x]` for done tasks (cancelled tasks are left out)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fed;plan;help;import'= {
        }
        &'fed;plan;help;export'= {
        }
        &'fed;plan;help;help'= {
        }
        &'fed;completions'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;board'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --for 'Only tasks addressed to or held by AGENT'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;graph'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --format 'tree, dot or mermaid'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;inbox'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;serve'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --bind 'The address to listen on (a non-loopback address shows the federation to the network)'
            cand --port 'The port (0: any free port)'
            cand --token 'The token for the buttons (default: a random one; required with --allow-actions on a non-loopback --bind)'
            cand --sync-every 'With a git remote: how often to sync, so that other machines'' changes show (and this machine''s log lines reach them)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand --allow-actions 'Add the overseer''s buttons, acting as --agent, guarded by a token'
            cand --no-sync 'With a git remote: never sync (the page shows what other commands bring)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;man'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --output 'Write every page (fed.1, fed-queue.1, fed-queue-claim.1, ...) to DIR'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;remote'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand set 'Share this federation through a branch of a git repository'
            cand show 'Show the remote this federation is shared through (no network)'
            cand remove 'Stop sharing this federation: forget the remote and remove the replica'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fed;remote;set'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --branch 'The branch that holds the federation'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand --join 'When the branch already holds another federation, follow it: its tasks come here, and tasks only this directory has are published'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;remote;show'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;remote;remove'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;remote;help'= {
            cand set 'Share this federation through a branch of a git repository'
            cand show 'Show the remote this federation is shared through (no network)'
            cand remove 'Stop sharing this federation: forget the remote and remove the replica'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fed;remote;help;set'= {
        }
        &'fed;remote;help;show'= {
        }
        &'fed;remote;help;remove'= {
        }
        &'fed;remote;help;help'= {
        }
        &'fed;clone'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --branch 'The branch that holds the federation'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;sync'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand --fold 'Fold every task and vote whose ref has not moved for ten minutes (plus leases.skew) into the archive now, however few'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;work'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --type 'Only tasks of this type'
            cand --max 'Run at most N tasks, then exit'
            cand --wait 'Exit when no task could be claimed for this long (default: wait for ever); exit 3 if no task was run at all'
            cand --grace 'How long a command has to exit after SIGTERM before SIGKILL, when fed work itself is stopped'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand --once 'Run one task, then exit'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;mcp'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;prime'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;conflicts'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --since 'A git revision: report tasks in progress whose files changed since'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;report'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --since 'The window''s start: a duration back from now (7d, 24h), a day (2026-11-01) or a time (RFC 3339)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;wait'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --context 'Every task whose context has KEY=VALUE'
            cand --plan 'Every task imported from this plan file'
            cand --timeout 'Give up after this long (exit 3); default: wait for ever'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand --all 'Every task open now (pending, in progress, blocked)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;agents'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;agent'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand away 'Stop being routed work: away for a while, until a time, or until `fed agent back`'
            cand back 'Take work again after `fed agent away`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fed;agent;away'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --for 'Away for this long'
            cand --until 'Away until this time (RFC 3339)'
            cand --reason 'Why (shown by fed agents and route --explain)'
            cand --name 'Another agent (overseers only)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;agent;back'= {
            cand --dir 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)'
            cand --agent 'Who you are: the agent name commands act as'
            cand --color 'When to use colour (auto: on a terminal, unless NO_COLOR is set)'
            cand --name 'Another agent (overseers only)'
            cand --json 'Print one JSON document on stdout instead of text'
            cand -q 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --quiet 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
            cand --full-ids 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fed;agent;help'= {
            cand away 'Stop being routed work: away for a while, until a time, or until `fed agent back`'
            cand back 'Take work again after `fed agent away`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fed;agent;help;away'= {
        }
        &'fed;agent;help;back'= {
        }
        &'fed;agent;help;help'= {
        }
        &'fed;help'= {
            cand init 'Create a federation: the folder layout and a commented config.yaml'
            cand queue 'Add, list, claim and finish tasks'
            cand status 'The federation at a glance: paused or not, counts per status, ready tasks, per-agent load, blocked and stranded tasks, expired leases, active votes'
            cand pause 'Pause the federation (overseer): claims exit 4 and nothing is queued automatically until `fed resume`. Everything else keeps working'
            cand resume 'Resume a paused federation (overseer)'
            cand check 'Validate a federation, for CI: bad or unreadable task and vote files, a task or vote in two folders, dangling dependencies, cycles, stranded tasks, expired leases, handoff rules that can loop'
            cand log 'Show the event log, newest last'
            cand route 'Recommend an agent for a task description'
            cand analytics 'Who does which kind of work best, and how the federation is doing'
            cand vote 'Create votes, cast ballots, resolve them by the rules, override them'
            cand plan 'Import a markdown plan as tasks, and export tasks as a plan'
            cand completions 'Print a shell completion script (also committed under completions/)'
            cand board 'Open work as columns: ready, waiting on dependencies, in progress (holder, lease left), blocked (reason, age, escalation) and recently finished'
            cand graph 'The dependency graph: of one task (what it waits on and what waits on it, transitively), or of all open work. Each task is shown with its short id, title and state'
            cand inbox 'Everything waiting on an overseer, each with its age and the command that resolves it: escalated votes, blocked tasks (longest first), stranded and failed tasks, expired leases, tasks the router left for anyone, handoffs held by a pause'
            cand serve 'A local web dashboard: the board, the dependency graph, agents with their load and recent outcomes, votes with their ballots, analytics and the event log, updated live as the federation changes'
            cand man 'Print a manual page, or write every page to a directory'
            cand remote 'Share this federation through a git remote (see docs/machines.md)'
            cand clone 'Make a local federation from one shared through a git remote'
            cand sync 'Bring this federation level with its remote, and publish what waits'
            cand work 'Run COMMAND for each task you claim: the worker loop'
            cand mcp 'Serve fed''s operations as MCP tools on stdin/stdout'
            cand prime 'A short guide for an agent starting a session: who it is, the commands and exit codes it needs, its tasks in progress and what is ready for it now. Meant to be pasted into the agent''s context'
            cand conflicts 'Tasks in progress whose reserved files (queue add --files) overlap, and with --since, tasks in progress whose files were changed by commits since REV (each gets a files-touched event in the log, so its holder learns of it)'
            cand report 'Measure the federation against its goals (config `goals:`)'
            cand wait 'Wait until every selected task is finished'
            cand agents 'Every agent with its availability, its work and its record'
            cand agent 'Say that you (or, for an overseer, another agent) are away or back'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fed;help;init'= {
        }
        &'fed;help;queue'= {
            cand add 'Queue a task; prints its id alone on stdout'
            cand list 'List tasks as a table (default: pending, in progress and blocked)'
            cand show 'Show one task in full (id or unique suffix)'
            cand claim 'Claim the best ready task for you (or a named one); prints its id'
            cand heartbeat 'Renew your lease on a task you hold (exit 5 if you no longer hold it)'
            cand complete 'Finish a task you hold, as done (or failed with --failed)'
            cand release 'Give a task you hold back to the queue (pending again)'
            cand block 'Set a pending or in-progress task aside until `fed queue unblock`'
            cand unblock 'Return a blocked task to the state it was blocked from'
            cand cancel 'Cancel a task (overseer or the task''s creator)'
            cand assign 'Re-target a pending task to another agent (overseer)'
            cand reap 'Return tasks whose lease expired to the queue (or fail them after leases.max_attempts claims); prints what moved'
            cand edit 'Change an unfinished task: its creator, its lead or an overseer (and the agent holding it in progress)'
            cand lead 'Name the agent leading a task (`none` for no lead); the lead may then edit and cancel it, and `queue list --lead AGENT` finds it'
            cand retry 'Put a failed or cancelled task back in the queue (pending again)'
            cand note 'Add a note to a task''s thread (any agent, any task, finished ones too); `queue show` prints the thread'
        }
        &'fed;help;queue;add'= {
        }
        &'fed;help;queue;list'= {
        }
        &'fed;help;queue;show'= {
        }
        &'fed;help;queue;claim'= {
        }
        &'fed;help;queue;heartbeat'= {
        }
        &'fed;help;queue;complete'= {
        }
        &'fed;help;queue;release'= {
        }
        &'fed;help;queue;block'= {
        }
        &'fed;help;queue;unblock'= {
        }
        &'fed;help;queue;cancel'= {
        }
        &'fed;help;queue;assign'= {
        }
        &'fed;help;queue;reap'= {
        }
        &'fed;help;queue;edit'= {
        }
        &'fed;help;queue;lead'= {
        }
        &'fed;help;queue;retry'= {
        }
        &'fed;help;queue;note'= {
        }
        &'fed;help;status'= {
        }
        &'fed;help;pause'= {
        }
        &'fed;help;resume'= {
        }
        &'fed;help;check'= {
        }
        &'fed;help;log'= {
        }
        &'fed;help;route'= {
        }
        &'fed;help;analytics'= {
        }
        &'fed;help;vote'= {
            cand create 'Ask the agents a question; prints the vote id alone on stdout'
            cand cast 'Cast (or recast) your ballot on an active vote'
            cand resolve 'Resolve a vote by the rules, or every vote past its deadline'
            cand override 'Set a vote''s result (overseer), before or after it is resolved'
            cand list 'List votes as a table (default: active ones)'
            cand show 'Show one vote in full: question, options with their tally, ballots and reasoning, outcome'
        }
        &'fed;help;vote;create'= {
        }
        &'fed;help;vote;cast'= {
        }
        &'fed;help;vote;resolve'= {
        }
        &'fed;help;vote;override'= {
        }
        &'fed;help;vote;list'= {
        }
        &'fed;help;vote;show'= {
        }
        &'fed;help;plan'= {
            cand import 'Make a markdown plan''s checklist items (and work tables) tasks, or bring the tasks up to date with the plan'
            cand export 'Write the federation''s tasks as a markdown checklist, grouped by phase, `- [x]` for done tasks (cancelled tasks are left out)'
        }
        &'fed;help;plan;import'= {
        }
        &'fed;help;plan;export'= {
        }
        &'fed;help;completions'= {
        }
        &'fed;help;board'= {
        }
        &'fed;help;graph'= {
        }
        &'fed;help;inbox'= {
        }
        &'fed;help;serve'= {
        }
        &'fed;help;man'= {
        }
        &'fed;help;remote'= {
            cand set 'Share this federation through a branch of a git repository'
            cand show 'Show the remote this federation is shared through (no network)'
            cand remove 'Stop sharing this federation: forget the remote and remove the replica'
        }
        &'fed;help;remote;set'= {
        }
        &'fed;help;remote;show'= {
        }
        &'fed;help;remote;remove'= {
        }
        &'fed;help;clone'= {
        }
        &'fed;help;sync'= {
        }
        &'fed;help;work'= {
        }
        &'fed;help;mcp'= {
        }
        &'fed;help;prime'= {
        }
        &'fed;help;conflicts'= {
        }
        &'fed;help;report'= {
        }
        &'fed;help;wait'= {
        }
        &'fed;help;agents'= {
        }
        &'fed;help;agent'= {
            cand away 'Stop being routed work: away for a while, until a time, or until `fed agent back`'
            cand back 'Take work again after `fed agent away`'
        }
        &'fed;help;agent;away'= {
        }
        &'fed;help;agent;back'= {
        }
        &'fed;help;help'= {
        }
    ]
    $completions[$command]
}
