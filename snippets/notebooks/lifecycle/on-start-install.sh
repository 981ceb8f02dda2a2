#!/bin/bash
# OnStart: instala paquetes en el entorno conda del kernel python3 en cada arranque.
# Lo instalado con %pip en un notebook se pierde al parar la instancia; esto no.
set -euo pipefail

# Como ec2-user y en segundo plano: la instalación puede pasar de los 5 minutos del script.
nohup sudo -u ec2-user -i bash <<'INSTALL' >> /home/ec2-user/SageMaker/.install-packages.log 2>&1 &
source /home/ec2-user/anaconda3/bin/activate python3
pip install --quiet "polars==1.*" "lightgbm==4.*"
source /home/ec2-user/anaconda3/bin/deactivate
INSTALL
