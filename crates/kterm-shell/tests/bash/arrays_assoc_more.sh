declare -A h=([k1]=v1 [k2]=v2)
h[k3]=v3
echo ${#h[@]} ${h[k2]}
[[ -v h[k1] ]] && echo has-k1
[[ -v h[nope] ]] || echo no-nope
for k in $(printf '%s\n' "${!h[@]}" | sort); do printf '%s=%s\n' "$k" "${h[$k]}"; done
key=k1; echo ${h[$key]}
h[$key]+=x; echo ${h[k1]}
