# profiles/examples/web-worker: complain flag, variables, px to a named profile.
#=file profiles/examples/web-worker
#=list web-worker /usr/sbin/web-worker
#=list web-worker-cgi
#=match web-worker /srv/www/index.html allow=r
#=match web-worker /var/www/site/a.css allow=r
#=match web-worker /srv/www/repo/.git/config allow=r deny=rwa quiet=rwa
#=match web-worker /var/log/web-worker/access.log allow=a
#=match web-worker /run/web-worker.pid allow=rwak
#=match web-worker /usr/lib/web-worker/cgi/hello allow=rx exec=Px target=web-worker-cgi
#=match web-worker /etc/ssl/certs/ca.pem allow=r
#=match web-worker-cgi /tmp/web-worker/s allow=rwa
#=match web-worker-cgi /usr/bin/python3.11 allow=mrx exec=ix
