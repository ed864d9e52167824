# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_fed_global_optspecs
    string join \n dir= agent= json color= q/quiet full-ids h/help V/version
end

function __fish_fed_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_fed_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_fed_using_subcommand
    set -l cmd (__fish_fed_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c fed -n "__fish_fed_needs_command" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_needs_command" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_needs_command" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_needs_command" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_needs_command" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_needs_command" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_needs_command" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_needs_command" -f -a "init" -d 'Create a federation: the folder layout and a commented config.yaml'
complete -c fed -n "__fish_fed_needs_command" -f -a "queue" -d 'Add, list, claim and finish tasks'
complete -c fed -n "__fish_fed_needs_command" -f -a "status" -d 'The federation at a glance: paused or not, counts per status, ready tasks, per-agent load, blocked and stranded tasks, expired leases, active votes'
complete -c fed -n "__fish_fed_needs_command" -f -a "pause" -d 'Pause the federation (overseer): claims exit 4 and nothing is queued automatically until `fed resume`. Everything else keeps working'
complete -c fed -n "__fish_fed_needs_command" -f -a "resume" -d 'Resume a paused federation (overseer)'
complete -c fed -n "__fish_fed_needs_command" -f -a "check" -d 'Validate a federation, for CI: bad or unreadable task and vote files, a task or vote in two folders, dangling dependencies, cycles, stranded tasks, expired leases, handoff rules that can loop'
complete -c fed -n "__fish_fed_needs_command" -f -a "log" -d 'Show the event log, newest last'
complete -c fed -n "__fish_fed_needs_command" -f -a "route" -d 'Recommend an agent for a task description'
complete -c fed -n "__fish_fed_needs_command" -f -a "analytics" -d 'Who does which kind of work best, and how the federation is doing'
complete -c fed -n "__fish_fed_needs_command" -f -a "vote" -d 'Create votes, cast ballots, resolve them by the rules, override them'
complete -c fed -n "__fish_fed_needs_command" -f -a "plan" -d 'Import a markdown plan as tasks, and export tasks as a plan'
complete -c fed -n "__fish_fed_needs_command" -f -a "completions" -d 'Print a shell completion script (also committed under completions/)'
complete -c fed -n "__fish_fed_needs_command" -f -a "board" -d 'Open work as columns: ready, waiting on dependencies, in progress (holder, lease left), blocked (reason, age, escalation) and recently finished'
complete -c fed -n "__fish_fed_needs_command" -f -a "graph" -d 'The dependency graph: of one task (what it waits on and what waits on it, transitively), or of all open work. Each task is shown with its short id, title and state'
complete -c fed -n "__fish_fed_needs_command" -f -a "inbox" -d 'Everything waiting on an overseer, each with its age and the command that resolves it: escalated votes, blocked tasks (longest first), stranded and failed tasks, expired leases, tasks the router left for anyone, handoffs held by a pause'
complete -c fed -n "__fish_fed_needs_command" -f -a "serve" -d 'A local web dashboard: the board, the dependency graph, agents with their load and recent outcomes, votes with their ballots, analytics and the event log, updated live as the federation changes'
complete -c fed -n "__fish_fed_needs_command" -f -a "man" -d 'Print a manual page, or write every page to a directory'
complete -c fed -n "__fish_fed_needs_command" -f -a "remote" -d 'Share this federation through a git remote (see docs/machines.md)'
complete -c fed -n "__fish_fed_needs_command" -f -a "clone" -d 'Make a local federation from one shared through a git remote'
complete -c fed -n "__fish_fed_needs_command" -f -a "sync" -d 'Bring this federation level with its remote, and publish what waits'
complete -c fed -n "__fish_fed_needs_command" -f -a "work" -d 'Run COMMAND for each task you claim: the worker loop'
complete -c fed -n "__fish_fed_needs_command" -f -a "mcp" -d 'Serve fed\'s operations as MCP tools on stdin/stdout'
complete -c fed -n "__fish_fed_needs_command" -f -a "prime" -d 'A short guide for an agent starting a session: who it is, the commands and exit codes it needs, its tasks in progress and what is ready for it now. Meant to be pasted into the agent\'s context'
complete -c fed -n "__fish_fed_needs_command" -f -a "conflicts" -d 'Tasks in progress whose reserved files (queue add --files) overlap, and with --since, tasks in progress whose files were changed by commits since REV (each gets a files-touched event in the log, so its holder learns of it)'
complete -c fed -n "__fish_fed_needs_command" -f -a "report" -d 'Measure the federation against its goals (config `goals:`)'
complete -c fed -n "__fish_fed_needs_command" -f -a "wait" -d 'Wait until every selected task is finished'
complete -c fed -n "__fish_fed_needs_command" -f -a "agents" -d 'Every agent with its availability, its work and its record'
complete -c fed -n "__fish_fed_needs_command" -f -a "agent" -d 'Say that you (or, for an overseer, another agent) are away or back'
complete -c fed -n "__fish_fed_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fed -n "__fish_fed_using_subcommand init" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand init" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand init" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand init" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand init" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand init" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand init" -l force -d 'Create .federation/ here even inside the tree of another federation (which every command run below would otherwise find)'
complete -c fed -n "__fish_fed_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand init" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "add" -d 'Queue a task; prints its id alone on stdout'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "list" -d 'List tasks as a table (default: pending, in progress and blocked)'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "show" -d 'Show one task in full (id or unique suffix)'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "claim" -d 'Claim the best ready task for you (or a named one); prints its id'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "heartbeat" -d 'Renew your lease on a task you hold (exit 5 if you no longer hold it)'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "complete" -d 'Finish a task you hold, as done (or failed with --failed)'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "release" -d 'Give a task you hold back to the queue (pending again)'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "block" -d 'Set a pending or in-progress task aside until `fed queue unblock`'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "unblock" -d 'Return a blocked task to the state it was blocked from'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "cancel" -d 'Cancel a task (overseer or the task\'s creator)'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "assign" -d 'Re-target a pending task to another agent (overseer)'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "reap" -d 'Return tasks whose lease expired to the queue (or fail them after leases.max_attempts claims); prints what moved'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "edit" -d 'Change an unfinished task: its creator, its lead or an overseer (and the agent holding it in progress)'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "lead" -d 'Name the agent leading a task (`none` for no lead); the lead may then edit and cancel it, and `queue list --lead AGENT` finds it'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "retry" -d 'Put a failed or cancelled task back in the queue (pending again)'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "note" -d 'Add a note to a task\'s thread (any agent, any task, finished ones too); `queue show` prints the thread'
complete -c fed -n "__fish_fed_using_subcommand queue; and not __fish_seen_subcommand_from add list show claim heartbeat complete release block unblock cancel assign reap edit lead retry note help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l from-file -d 'Queue every task of a JSON array instead (one transaction each; the ids are printed in order): [{"description": ..., "title", "type", "to", "from", "lead", "priority", "after": [..], "context": {..}, "id", "files": [..], "check"}, ...]' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l title -d 'A short title (default: the first line of the description)' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l type -d 'The kind of work: research, implement, review, docs, ... [default: general]' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l to -d 'The agent it is for (default: anyone)' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l from -d 'Who queues it (default: --agent)' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l lead -d 'The agent leading the larger piece of work' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l priority -d 'critical, high, normal or low' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l after -d 'A task that must be done first (repeatable; id or unique suffix)' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l context -d 'Extra context as KEY=VALUE (repeatable)' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l id -d 'Use this id instead of a generated one' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l reworks -d 'The finished task this one fixes (counts against whoever finished it)' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l files -d 'Files the task will touch, as paths or globs (src/queue/*.rs): a claim passes over it while a task in progress reserves an overlapping file' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l check -d 'A shell command that accepts the work: `fed work` runs it after the task\'s command and fails the task if it fails' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from list" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from list" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from list" -l state -d 'completed is done + failed + cancelled' -r -f -a "pending\t''
in-progress\t''
blocked\t''
done\t''
failed\t''
cancelled\t''
completed\t''
all\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from list" -l for -d 'Tasks addressed to or held by AGENT' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from list" -l type -d 'Only tasks of this type' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from list" -l lead -d 'Only tasks led by AGENT' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from list" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from list" -l ready -d 'Only ready tasks: pending, dependencies done, no reserved file in use'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from show" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from show" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from show" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from claim" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from claim" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from claim" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from claim" -l type -d 'Only tasks of this type' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from claim" -l wait -d 'Wait until a task can be claimed, at most DURATION (90s, 30m, 2h; none: for ever). Name a task before --wait, not after it' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from claim" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from claim" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from claim" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from claim" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from claim" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from heartbeat" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from heartbeat" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from heartbeat" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from heartbeat" -l token -d 'Only if you hold this exact claim (the lease token `queue claim --json` shows): for several workers sharing one agent name' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from heartbeat" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from heartbeat" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from heartbeat" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from heartbeat" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from heartbeat" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from complete" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from complete" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from complete" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from complete" -l summary -d 'What came of it' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from complete" -l token -d 'Only if you hold this exact claim (the lease token `queue claim --json` shows): for several workers sharing one agent name' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from complete" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from complete" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from complete" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from complete" -l failed -d 'Record the task as failed instead of done'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from complete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from complete" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from release" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from release" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from release" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from release" -l token -d 'Only if you hold this exact claim (the lease token `queue claim --json` shows): for several workers sharing one agent name' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from release" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from release" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from release" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from release" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from release" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from block" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from block" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from block" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from block" -l reason -d 'Why it cannot go on' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from block" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from block" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from block" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from block" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from block" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from unblock" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from unblock" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from unblock" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from unblock" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from unblock" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from unblock" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from unblock" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from unblock" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from cancel" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from cancel" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from cancel" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from cancel" -l reason -d 'Why' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from cancel" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from cancel" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from cancel" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from cancel" -l cascade -d 'Also cancel every task that depends on it'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from assign" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from assign" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from assign" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from assign" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from assign" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from assign" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from assign" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from assign" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from reap" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from reap" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from reap" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from reap" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from reap" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from reap" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from reap" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from reap" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -l title -d 'A new title' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -l description -d 'A new description' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -l type -d 'A new type: research, implement, review, docs, ...' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -l priority -d 'critical, high, normal or low' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -l to -d 'The agent it is for, or `none` for anyone' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -l lead -d 'The agent leading it, or `none`' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -l context -d 'Set a context key (repeatable); KEY= removes it' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -l after -d 'Also wait for this task (repeatable; id or unique suffix)' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -l drop-after -d 'Wait for this task no longer (repeatable)' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -l files -d 'The files it will touch, as paths or globs, replacing those it reserved (`--files none`: no reservation)' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from lead" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from lead" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from lead" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from lead" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from lead" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from lead" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from lead" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from lead" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from retry" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from retry" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from retry" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from retry" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from retry" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from retry" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from retry" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from note" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from note" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from note" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from note" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from note" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from note" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from note" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from note" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "add" -d 'Queue a task; prints its id alone on stdout'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "list" -d 'List tasks as a table (default: pending, in progress and blocked)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one task in full (id or unique suffix)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "claim" -d 'Claim the best ready task for you (or a named one); prints its id'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "heartbeat" -d 'Renew your lease on a task you hold (exit 5 if you no longer hold it)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "complete" -d 'Finish a task you hold, as done (or failed with --failed)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "release" -d 'Give a task you hold back to the queue (pending again)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "block" -d 'Set a pending or in-progress task aside until `fed queue unblock`'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "unblock" -d 'Return a blocked task to the state it was blocked from'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel a task (overseer or the task\'s creator)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "assign" -d 'Re-target a pending task to another agent (overseer)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "reap" -d 'Return tasks whose lease expired to the queue (or fail them after leases.max_attempts claims); prints what moved'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change an unfinished task: its creator, its lead or an overseer (and the agent holding it in progress)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "lead" -d 'Name the agent leading a task (`none` for no lead); the lead may then edit and cancel it, and `queue list --lead AGENT` finds it'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Put a failed or cancelled task back in the queue (pending again)'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "note" -d 'Add a note to a task\'s thread (any agent, any task, finished ones too); `queue show` prints the thread'
complete -c fed -n "__fish_fed_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fed -n "__fish_fed_using_subcommand status" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand status" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand status" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand status" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand status" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand status" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand status" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand status" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand pause" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand pause" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand pause" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand pause" -l reason -d 'Why, shown by `fed status` and in refusals' -r
complete -c fed -n "__fish_fed_using_subcommand pause" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand pause" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand pause" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand pause" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand pause" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand resume" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand resume" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand resume" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand resume" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand resume" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand resume" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand resume" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand resume" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand check" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand check" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand check" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand check" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand check" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand check" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand check" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand log" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand log" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand log" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand log" -s n -l limit -d 'Only the last N events' -r
complete -c fed -n "__fish_fed_using_subcommand log" -l task -d 'Only events about this task (id or unique suffix)' -r
complete -c fed -n "__fish_fed_using_subcommand log" -l by -d 'Only events by this agent' -r
complete -c fed -n "__fish_fed_using_subcommand log" -l format -d '`text` (a table) or `markdown` (for people: a heading per day, one line per event, user text escaped; what config log.markdown keeps)' -r -f -a "text\t''
markdown\t''"
complete -c fed -n "__fish_fed_using_subcommand log" -l since -d 'Only events since a duration ago (7d, 24h), a day (2026-11-01) or a time (RFC 3339)' -r
complete -c fed -n "__fish_fed_using_subcommand log" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand log" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand log" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand log" -s f -l follow -d 'Keep printing events as they are appended, one a line (with --json, one JSON object a line), until interrupted'
complete -c fed -n "__fish_fed_using_subcommand log" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand log" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand route; and not __fish_seen_subcommand_from eval help" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand route; and not __fish_seen_subcommand_from eval help" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand route; and not __fish_seen_subcommand_from eval help" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand route; and not __fish_seen_subcommand_from eval help" -l type -d 'The task\'s type (its analytics boost then applies)' -r
complete -c fed -n "__fish_fed_using_subcommand route; and not __fish_seen_subcommand_from eval help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand route; and not __fish_seen_subcommand_from eval help" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand route; and not __fish_seen_subcommand_from eval help" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand route; and not __fish_seen_subcommand_from eval help" -l explain -d 'Show where each score came from: past tasks, rules, boosts'
complete -c fed -n "__fish_fed_using_subcommand route; and not __fish_seen_subcommand_from eval help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand route; and not __fish_seen_subcommand_from eval help" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand route; and not __fish_seen_subcommand_from eval help" -a "eval" -d 'Held-out accuracy of the router against the keyword rules alone (k-fold cross-validation over routing-history.jsonl)'
complete -c fed -n "__fish_fed_using_subcommand route; and not __fish_seen_subcommand_from eval help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fed -n "__fish_fed_using_subcommand route; and __fish_seen_subcommand_from eval" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand route; and __fish_seen_subcommand_from eval" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand route; and __fish_seen_subcommand_from eval" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand route; and __fish_seen_subcommand_from eval" -l folds -d 'How many folds' -r
complete -c fed -n "__fish_fed_using_subcommand route; and __fish_seen_subcommand_from eval" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand route; and __fish_seen_subcommand_from eval" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand route; and __fish_seen_subcommand_from eval" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand route; and __fish_seen_subcommand_from eval" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand route; and __fish_seen_subcommand_from eval" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand route; and __fish_seen_subcommand_from help" -f -a "eval" -d 'Held-out accuracy of the router against the keyword rules alone (k-fold cross-validation over routing-history.jsonl)'
complete -c fed -n "__fish_fed_using_subcommand route; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fed -n "__fish_fed_using_subcommand analytics" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand analytics" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand analytics" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand analytics" -l since -d 'Only tasks and votes since a duration ago (7d, 24h), a day (2026-11-01) or a time (RFC 3339)' -r
complete -c fed -n "__fish_fed_using_subcommand analytics" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand analytics" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand analytics" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand analytics" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand analytics" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand vote; and not __fish_seen_subcommand_from create cast resolve override list show help" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand vote; and not __fish_seen_subcommand_from create cast resolve override list show help" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and not __fish_seen_subcommand_from create cast resolve override list show help" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand vote; and not __fish_seen_subcommand_from create cast resolve override list show help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand vote; and not __fish_seen_subcommand_from create cast resolve override list show help" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand vote; and not __fish_seen_subcommand_from create cast resolve override list show help" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand vote; and not __fish_seen_subcommand_from create cast resolve override list show help" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand vote; and not __fish_seen_subcommand_from create cast resolve override list show help" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand vote; and not __fish_seen_subcommand_from create cast resolve override list show help" -f -a "create" -d 'Ask the agents a question; prints the vote id alone on stdout'
complete -c fed -n "__fish_fed_using_subcommand vote; and not __fish_seen_subcommand_from create cast resolve override list show help" -f -a "cast" -d 'Cast (or recast) your ballot on an active vote'
complete -c fed -n "__fish_fed_using_subcommand vote; and not __fish_seen_subcommand_from create cast resolve override list show help" -f -a "resolve" -d 'Resolve a vote by the rules, or every vote past its deadline'
complete -c fed -n "__fish_fed_using_subcommand vote; and not __fish_seen_subcommand_from create cast resolve override list show help" -f -a "override" -d 'Set a vote\'s result (overseer), before or after it is resolved'
complete -c fed -n "__fish_fed_using_subcommand vote; and not __fish_seen_subcommand_from create cast resolve override list show help" -f -a "list" -d 'List votes as a table (default: active ones)'
complete -c fed -n "__fish_fed_using_subcommand vote; and not __fish_seen_subcommand_from create cast resolve override list show help" -f -a "show" -d 'Show one vote in full: question, options with their tally, ballots and reasoning, outcome'
complete -c fed -n "__fish_fed_using_subcommand vote; and not __fish_seen_subcommand_from create cast resolve override list show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from create" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from create" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from create" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from create" -l option -d 'A possible answer (give two or more)' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from create" -l context -d 'A document the voters should read' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from create" -l deadline -d 'When it closes: a duration from now (90s, 30m, 2h, 1d) or an RFC 3339 time' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from create" -l quorum -d 'Ballots needed before it can be decided [default: votes.quorum]' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from create" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from create" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from create" -l high-stakes -d 'Always escalate to the overseers, with the ballots as a recommendation'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from cast" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from cast" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from cast" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from cast" -l choice -d 'One of the vote\'s options' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from cast" -l confidence -d 'How sure you are, from 0 to 1' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from cast" -l reasoning -d 'Why' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from cast" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from cast" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from cast" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from cast" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from cast" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from resolve" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from resolve" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from resolve" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from resolve" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from resolve" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from resolve" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from resolve" -l due -d 'Every active vote whose deadline has passed'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from resolve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from resolve" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from override" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from override" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from override" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from override" -l choice -d 'The option that stands' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from override" -l reason -d 'Why' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from override" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from override" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from override" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from override" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from override" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from list" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from list" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from list" -l state -d 'resolved is every state but active' -r -f -a "active\t''
decided\t''
escalated\t''
overridden\t''
resolved\t''
all\t''"
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from list" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from show" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from show" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from show" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from help" -f -a "create" -d 'Ask the agents a question; prints the vote id alone on stdout'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from help" -f -a "cast" -d 'Cast (or recast) your ballot on an active vote'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from help" -f -a "resolve" -d 'Resolve a vote by the rules, or every vote past its deadline'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from help" -f -a "override" -d 'Set a vote\'s result (overseer), before or after it is resolved'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from help" -f -a "list" -d 'List votes as a table (default: active ones)'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one vote in full: question, options with their tally, ballots and reasoning, outcome'
complete -c fed -n "__fish_fed_using_subcommand vote; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fed -n "__fish_fed_using_subcommand plan; and not __fish_seen_subcommand_from import export help" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand plan; and not __fish_seen_subcommand_from import export help" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand plan; and not __fish_seen_subcommand_from import export help" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand plan; and not __fish_seen_subcommand_from import export help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand plan; and not __fish_seen_subcommand_from import export help" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand plan; and not __fish_seen_subcommand_from import export help" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand plan; and not __fish_seen_subcommand_from import export help" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand plan; and not __fish_seen_subcommand_from import export help" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand plan; and not __fish_seen_subcommand_from import export help" -f -a "import" -d 'Make a markdown plan\'s checklist items (and work tables) tasks, or bring the tasks up to date with the plan'
complete -c fed -n "__fish_fed_using_subcommand plan; and not __fish_seen_subcommand_from import export help" -f -a "export" -d 'Write the federation\'s tasks as a markdown checklist, grouped by phase, `- [x]` for done tasks (cancelled tasks are left out)'
complete -c fed -n "__fish_fed_using_subcommand plan; and not __fish_seen_subcommand_from import export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from import" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from import" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from import" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from import" -l to -d 'The agent for items that name none (`@agent`)' -r
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from import" -l lead -d 'The lead of the tasks it creates' -r
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from import" -l type -d 'The type of items that name none (`#type`) [default: general]' -r
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from import" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from import" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from import" -l dry-run -d 'Print what the import would do, and change nothing'
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from export" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from export" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from export" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from export" -s o -l output -d 'Write the checklist to FILE instead of stdout' -r -F
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from export" -l plan -d 'Only the tasks imported from this plan' -r -F
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from export" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from export" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from help" -f -a "import" -d 'Make a markdown plan\'s checklist items (and work tables) tasks, or bring the tasks up to date with the plan'
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write the federation\'s tasks as a markdown checklist, grouped by phase, `- [x]` for done tasks (cancelled tasks are left out)'
complete -c fed -n "__fish_fed_using_subcommand plan; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fed -n "__fish_fed_using_subcommand completions" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand completions" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand completions" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand completions" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand completions" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand completions" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand completions" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand completions" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand board" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand board" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand board" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand board" -l for -d 'Only tasks addressed to or held by AGENT' -r
complete -c fed -n "__fish_fed_using_subcommand board" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand board" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand board" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand board" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand board" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand graph" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand graph" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand graph" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand graph" -l format -d 'tree, dot or mermaid' -r -f -a "tree\t''
dot\t''
mermaid\t''"
complete -c fed -n "__fish_fed_using_subcommand graph" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand graph" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand graph" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand graph" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand graph" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand inbox" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand inbox" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand inbox" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand inbox" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand inbox" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand inbox" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand inbox" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand inbox" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand serve" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand serve" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand serve" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand serve" -l bind -d 'The address to listen on (a non-loopback address shows the federation to the network)' -r
complete -c fed -n "__fish_fed_using_subcommand serve" -l port -d 'The port (0: any free port)' -r
complete -c fed -n "__fish_fed_using_subcommand serve" -l token -d 'The token for the buttons (default: a random one; required with --allow-actions on a non-loopback --bind)' -r
complete -c fed -n "__fish_fed_using_subcommand serve" -l sync-every -d 'With a git remote: how often to sync, so that other machines\' changes show (and this machine\'s log lines reach them)' -r
complete -c fed -n "__fish_fed_using_subcommand serve" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand serve" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand serve" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand serve" -l allow-actions -d 'Add the overseer\'s buttons, acting as --agent, guarded by a token'
complete -c fed -n "__fish_fed_using_subcommand serve" -l no-sync -d 'With a git remote: never sync (the page shows what other commands bring)'
complete -c fed -n "__fish_fed_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand serve" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand man" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand man" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand man" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand man" -l output -d 'Write every page (fed.1, fed-queue.1, fed-queue-claim.1, ...) to DIR' -r -F
complete -c fed -n "__fish_fed_using_subcommand man" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand man" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand man" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand man" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand man" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand remote; and not __fish_seen_subcommand_from set show remove help" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand remote; and not __fish_seen_subcommand_from set show remove help" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand remote; and not __fish_seen_subcommand_from set show remove help" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand remote; and not __fish_seen_subcommand_from set show remove help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand remote; and not __fish_seen_subcommand_from set show remove help" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand remote; and not __fish_seen_subcommand_from set show remove help" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand remote; and not __fish_seen_subcommand_from set show remove help" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand remote; and not __fish_seen_subcommand_from set show remove help" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand remote; and not __fish_seen_subcommand_from set show remove help" -f -a "set" -d 'Share this federation through a branch of a git repository'
complete -c fed -n "__fish_fed_using_subcommand remote; and not __fish_seen_subcommand_from set show remove help" -f -a "show" -d 'Show the remote this federation is shared through (no network)'
complete -c fed -n "__fish_fed_using_subcommand remote; and not __fish_seen_subcommand_from set show remove help" -f -a "remove" -d 'Stop sharing this federation: forget the remote and remove the replica'
complete -c fed -n "__fish_fed_using_subcommand remote; and not __fish_seen_subcommand_from set show remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from set" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from set" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from set" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from set" -l branch -d 'The branch that holds the federation' -r
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from set" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from set" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from set" -l join -d 'When the branch already holds another federation, follow it: its tasks come here, and tasks only this directory has are published'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from show" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from show" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from show" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from remove" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from remove" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from remove" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from remove" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from remove" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "set" -d 'Share this federation through a branch of a git repository'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the remote this federation is shared through (no network)'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Stop sharing this federation: forget the remote and remove the replica'
complete -c fed -n "__fish_fed_using_subcommand remote; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fed -n "__fish_fed_using_subcommand clone" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand clone" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand clone" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand clone" -l branch -d 'The branch that holds the federation' -r
complete -c fed -n "__fish_fed_using_subcommand clone" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand clone" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand clone" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand clone" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand clone" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand sync" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand sync" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand sync" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand sync" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand sync" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand sync" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand sync" -l fold -d 'Fold every task and vote whose ref has not moved for ten minutes (plus leases.skew) into the archive now, however few'
complete -c fed -n "__fish_fed_using_subcommand sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand sync" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand work" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand work" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand work" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand work" -l type -d 'Only tasks of this type' -r
complete -c fed -n "__fish_fed_using_subcommand work" -l max -d 'Run at most N tasks, then exit' -r
complete -c fed -n "__fish_fed_using_subcommand work" -l wait -d 'Exit when no task could be claimed for this long (default: wait for ever); exit 3 if no task was run at all' -r
complete -c fed -n "__fish_fed_using_subcommand work" -l grace -d 'How long a command has to exit after SIGTERM before SIGKILL, when fed work itself is stopped' -r
complete -c fed -n "__fish_fed_using_subcommand work" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand work" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand work" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand work" -l once -d 'Run one task, then exit'
complete -c fed -n "__fish_fed_using_subcommand work" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand work" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand mcp" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand mcp" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand mcp" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand mcp" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand mcp" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand mcp" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand mcp" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand mcp" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand prime" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand prime" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand prime" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand prime" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand prime" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand prime" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand prime" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand prime" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand conflicts" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand conflicts" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand conflicts" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand conflicts" -l since -d 'A git revision: report tasks in progress whose files changed since' -r
complete -c fed -n "__fish_fed_using_subcommand conflicts" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand conflicts" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand conflicts" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand conflicts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand conflicts" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand report" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand report" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand report" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand report" -l since -d 'The window\'s start: a duration back from now (7d, 24h), a day (2026-11-01) or a time (RFC 3339)' -r
complete -c fed -n "__fish_fed_using_subcommand report" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand report" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand report" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand report" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand wait" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand wait" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand wait" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand wait" -l context -d 'Every task whose context has KEY=VALUE' -r
complete -c fed -n "__fish_fed_using_subcommand wait" -l plan -d 'Every task imported from this plan file' -r -F
complete -c fed -n "__fish_fed_using_subcommand wait" -l timeout -d 'Give up after this long (exit 3); default: wait for ever' -r
complete -c fed -n "__fish_fed_using_subcommand wait" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand wait" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand wait" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand wait" -l all -d 'Every task open now (pending, in progress, blocked)'
complete -c fed -n "__fish_fed_using_subcommand wait" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand wait" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand agents" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand agents" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand agents" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand agents" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand agents" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand agents" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand agents" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fed -n "__fish_fed_using_subcommand agents" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand agent; and not __fish_seen_subcommand_from away back help" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand agent; and not __fish_seen_subcommand_from away back help" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand agent; and not __fish_seen_subcommand_from away back help" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand agent; and not __fish_seen_subcommand_from away back help" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand agent; and not __fish_seen_subcommand_from away back help" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand agent; and not __fish_seen_subcommand_from away back help" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand agent; and not __fish_seen_subcommand_from away back help" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand agent; and not __fish_seen_subcommand_from away back help" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand agent; and not __fish_seen_subcommand_from away back help" -f -a "away" -d 'Stop being routed work: away for a while, until a time, or until `fed agent back`'
complete -c fed -n "__fish_fed_using_subcommand agent; and not __fish_seen_subcommand_from away back help" -f -a "back" -d 'Take work again after `fed agent away`'
complete -c fed -n "__fish_fed_using_subcommand agent; and not __fish_seen_subcommand_from away back help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from away" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from away" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from away" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from away" -l for -d 'Away for this long' -r
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from away" -l until -d 'Away until this time (RFC 3339)' -r
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from away" -l reason -d 'Why (shown by fed agents and route --explain)' -r
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from away" -l name -d 'Another agent (overseers only)' -r
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from away" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from away" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from away" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from away" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from away" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from back" -l dir -d 'The federation directory itself (default: the nearest .federation/ in this directory or a parent)' -r -F
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from back" -l agent -d 'Who you are: the agent name commands act as' -r
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from back" -l color -d 'When to use colour (auto: on a terminal, unless NO_COLOR is set)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from back" -l name -d 'Another agent (overseers only)' -r
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from back" -l json -d 'Print one JSON document on stdout instead of text'
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from back" -s q -l quiet -d 'Print no messages on stderr: data, warnings and errors still appear, but not the "nothing to do" of exit 3 (e.g. no ready task)'
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from back" -l full-ids -d 'Show ids whole in tables and views (default: the shortest unique suffix, at least six characters, which every command accepts)'
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from back" -s h -l help -d 'Print help'
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from back" -s V -l version -d 'Print version'
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "away" -d 'Stop being routed work: away for a while, until a time, or until `fed agent back`'
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "back" -d 'Take work again after `fed agent away`'
complete -c fed -n "__fish_fed_using_subcommand agent; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "init" -d 'Create a federation: the folder layout and a commented config.yaml'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "queue" -d 'Add, list, claim and finish tasks'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "status" -d 'The federation at a glance: paused or not, counts per status, ready tasks, per-agent load, blocked and stranded tasks, expired leases, active votes'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "pause" -d 'Pause the federation (overseer): claims exit 4 and nothing is queued automatically until `fed resume`. Everything else keeps working'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "resume" -d 'Resume a paused federation (overseer)'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "check" -d 'Validate a federation, for CI: bad or unreadable task and vote files, a task or vote in two folders, dangling dependencies, cycles, stranded tasks, expired leases, handoff rules that can loop'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "log" -d 'Show the event log, newest last'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "route" -d 'Recommend an agent for a task description'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "analytics" -d 'Who does which kind of work best, and how the federation is doing'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "vote" -d 'Create votes, cast ballots, resolve them by the rules, override them'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "plan" -d 'Import a markdown plan as tasks, and export tasks as a plan'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "completions" -d 'Print a shell completion script (also committed under completions/)'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "board" -d 'Open work as columns: ready, waiting on dependencies, in progress (holder, lease left), blocked (reason, age, escalation) and recently finished'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "graph" -d 'The dependency graph: of one task (what it waits on and what waits on it, transitively), or of all open work. Each task is shown with its short id, title and state'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "inbox" -d 'Everything waiting on an overseer, each with its age and the command that resolves it: escalated votes, blocked tasks (longest first), stranded and failed tasks, expired leases, tasks the router left for anyone, handoffs held by a pause'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "serve" -d 'A local web dashboard: the board, the dependency graph, agents with their load and recent outcomes, votes with their ballots, analytics and the event log, updated live as the federation changes'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "man" -d 'Print a manual page, or write every page to a directory'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "remote" -d 'Share this federation through a git remote (see docs/machines.md)'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "clone" -d 'Make a local federation from one shared through a git remote'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "sync" -d 'Bring this federation level with its remote, and publish what waits'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "work" -d 'Run COMMAND for each task you claim: the worker loop'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "mcp" -d 'Serve fed\'s operations as MCP tools on stdin/stdout'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "prime" -d 'A short guide for an agent starting a session: who it is, the commands and exit codes it needs, its tasks in progress and what is ready for it now. Meant to be pasted into the agent\'s context'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "conflicts" -d 'Tasks in progress whose reserved files (queue add --files) overlap, and with --since, tasks in progress whose files were changed by commits since REV (each gets a files-touched event in the log, so its holder learns of it)'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "report" -d 'Measure the federation against its goals (config `goals:`)'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "wait" -d 'Wait until every selected task is finished'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "agents" -d 'Every agent with its availability, its work and its record'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "agent" -d 'Say that you (or, for an overseer, another agent) are away or back'
complete -c fed -n "__fish_fed_using_subcommand help; and not __fish_seen_subcommand_from init queue status pause resume check log route analytics vote plan completions board graph inbox serve man remote clone sync work mcp prime conflicts report wait agents agent help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "add" -d 'Queue a task; prints its id alone on stdout'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "list" -d 'List tasks as a table (default: pending, in progress and blocked)'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "show" -d 'Show one task in full (id or unique suffix)'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "claim" -d 'Claim the best ready task for you (or a named one); prints its id'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "heartbeat" -d 'Renew your lease on a task you hold (exit 5 if you no longer hold it)'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "complete" -d 'Finish a task you hold, as done (or failed with --failed)'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "release" -d 'Give a task you hold back to the queue (pending again)'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "block" -d 'Set a pending or in-progress task aside until `fed queue unblock`'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "unblock" -d 'Return a blocked task to the state it was blocked from'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "cancel" -d 'Cancel a task (overseer or the task\'s creator)'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "assign" -d 'Re-target a pending task to another agent (overseer)'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "reap" -d 'Return tasks whose lease expired to the queue (or fail them after leases.max_attempts claims); prints what moved'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "edit" -d 'Change an unfinished task: its creator, its lead or an overseer (and the agent holding it in progress)'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "lead" -d 'Name the agent leading a task (`none` for no lead); the lead may then edit and cancel it, and `queue list --lead AGENT` finds it'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "retry" -d 'Put a failed or cancelled task back in the queue (pending again)'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "note" -d 'Add a note to a task\'s thread (any agent, any task, finished ones too); `queue show` prints the thread'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from vote" -f -a "create" -d 'Ask the agents a question; prints the vote id alone on stdout'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from vote" -f -a "cast" -d 'Cast (or recast) your ballot on an active vote'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from vote" -f -a "resolve" -d 'Resolve a vote by the rules, or every vote past its deadline'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from vote" -f -a "override" -d 'Set a vote\'s result (overseer), before or after it is resolved'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from vote" -f -a "list" -d 'List votes as a table (default: active ones)'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from vote" -f -a "show" -d 'Show one vote in full: question, options with their tally, ballots and reasoning, outcome'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from plan" -f -a "import" -d 'Make a markdown plan\'s checklist items (and work tables) tasks, or bring the tasks up to date with the plan'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from plan" -f -a "export" -d 'Write the federation\'s tasks as a markdown checklist, grouped by phase, `- [x]` for done tasks (cancelled tasks are left out)'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "set" -d 'Share this federation through a branch of a git repository'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "show" -d 'Show the remote this federation is shared through (no network)'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from remote" -f -a "remove" -d 'Stop sharing this federation: forget the remote and remove the replica'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "away" -d 'Stop being routed work: away for a while, until a time, or until `fed agent back`'
complete -c fed -n "__fish_fed_using_subcommand help; and __fish_seen_subcommand_from agent" -f -a "back" -d 'Take work again after `fed agent away`'
