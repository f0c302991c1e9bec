alias ll='echo listing'
ll
shopt -s expand_aliases
alias ll='echo listing'
ll
