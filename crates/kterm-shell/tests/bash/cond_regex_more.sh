ip=192.168.1.10
if [[ $ip =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
  echo "${#BASH_REMATCH[@]} ${BASH_REMATCH[4]}"
fi
[[ "foo bar" =~ o+\ b ]] && echo "space ${BASH_REMATCH}"
[[ abc =~ x ]]; echo "nomatch $? ${#BASH_REMATCH[@]}"
[[ AbC =~ ^[[:upper:]][[:lower:]] ]] && echo class
